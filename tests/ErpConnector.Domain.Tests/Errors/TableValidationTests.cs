using System.Text;
using ErpConnector.Domain.Errors;

namespace ErpConnector.Domain.Tests.Errors;

public class TableValidationTests
{
    private const string CatchAll =
        """{ "id": "unclassified", "description": "anything", "match": {}, "category": "unknown", "action": "retry-on-schedule" }""";

    [Fact]
    public void A_minimal_table_is_a_catch_all()
    {
        var classifier = Load(CatchAll);
        var verdict = classifier.Classify(new ErrorObservation(ErrorSource.Transport, "x", "y"), DateTimeOffset.UnixEpoch);
        Assert.Equal("unclassified", verdict.RuleId);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var json = $$"""
            {
              // operators annotate the table
              "rules": [
                /* the only row */
                {{CatchAll}},
              ],
            }
            """;
        Assert.Single(ErrorClassifier.Load(Stream(json)).Rules);
    }

    [Fact]
    public void Rows_are_tried_in_order()
    {
        var classifier = Load(
            Row("first", """{ "source": "city-message", "cityCode": "E1" }""", "invalid-service-code", "fail", Corrective),
            Row("second", """{ "cityCode": "E1" }""", "invalid-tax-configuration", "fail", Corrective),
            CatchAll);
        var city = new ErrorObservation(ErrorSource.CityMessage, "E1", "");
        var omie = new ErrorObservation(ErrorSource.OmieFault, "E1", "");
        Assert.Equal("first", classifier.Classify(city, DateTimeOffset.UnixEpoch).RuleId);
        Assert.Equal("second", classifier.Classify(omie, DateTimeOffset.UnixEpoch).RuleId);
        Assert.Equal([1, 2, 3], classifier.Rules.Select(r => r.RowNumber));
    }

    [Fact]
    public void All_conditions_of_a_row_must_hold()
    {
        var classifier = Load(
            Row("both", """{ "httpStatus": [500, 502], "messagePattern": "gateway" }""", "tax-authority-unavailable", "retry-on-schedule"),
            CatchAll);
        Assert.Equal("both", classifier.Classify(new ErrorObservation(ErrorSource.Http, "", "Bad Gateway", 502), DateTimeOffset.UnixEpoch).RuleId);
        Assert.Equal("unclassified", classifier.Classify(new ErrorObservation(ErrorSource.Http, "", "Bad Gateway", 503), DateTimeOffset.UnixEpoch).RuleId);
        Assert.Equal("unclassified", classifier.Classify(new ErrorObservation(ErrorSource.Http, "", "Oops", 502), DateTimeOffset.UnixEpoch).RuleId);
        Assert.Equal("unclassified", classifier.Classify(new ErrorObservation(ErrorSource.Http, "", "Bad Gateway"), DateTimeOffset.UnixEpoch).RuleId);
    }

    [Fact]
    public void Exact_codes_ignore_case_and_surrounding_space()
    {
        var classifier = Load(Row("exact", """{ "faultCode": "SOAP-ENV:Client-105" }""", "customer-not-found", "register-customer-then-continue"), CatchAll);
        Assert.Equal("exact", classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, " soap-env:client-105 ", ""), DateTimeOffset.UnixEpoch).RuleId);
        Assert.Equal("unclassified", classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "SOAP-ENV:Client-1050", ""), DateTimeOffset.UnixEpoch).RuleId);
    }

    [Fact]
    public void Backtracking_patterns_still_work()
    {
        // A lookahead cannot run on the non-backtracking engine; the table falls back to a compiled one.
        var classifier = Load(Row("lookahead", """{ "messagePattern": "cliente(?! já)" }""", "customer-not-found", "register-customer-then-continue"), CatchAll);
        Assert.Equal("lookahead", classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "", "Cliente não cadastrado"), DateTimeOffset.UnixEpoch).RuleId);
        Assert.Equal("unclassified", classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "", "Cliente já cadastrado"), DateTimeOffset.UnixEpoch).RuleId);
    }

    [Theory]
    [InlineData("""{ "messagePattern": "x" }""", "throttle", "fail", "unknown category \"throttle\"")]
    [InlineData("""{ "messagePattern": "x" }""", "throttled", "wait", "unknown action \"wait\"")]
    [InlineData("""{ "messagePattern": "(unclosed" }""", "unknown", "retry-on-schedule", "bad pattern")]
    [InlineData("""{ "cityCode": "^E(0" }""", "unknown", "retry-on-schedule", "bad pattern")]
    [InlineData("""{ "cityCode": "E0?595" }""", "unknown", "retry-on-schedule", "looks like a regex")]
    [InlineData("""{ "messagePatern": "x" }""", "unknown", "retry-on-schedule", "unknown property \"messagePatern\"")]
    [InlineData("""{ "source": "omie" }""", "unknown", "retry-on-schedule", "unknown match.source \"omie\"")]
    [InlineData("""{ "source": "city-message", "faultCode": "X" }""", "unknown", "retry-on-schedule", "\"faultCode\" only applies")]
    [InlineData("""{ "source": "http", "cityCode": "E1" }""", "unknown", "retry-on-schedule", "\"cityCode\" only applies")]
    [InlineData("""{ "faultCode": "X", "cityCode": "E1" }""", "unknown", "retry-on-schedule", "use one per row")]
    [InlineData("""{ "httpStatus": [700] }""", "unknown", "retry-on-schedule", "700 is not an HTTP status")]
    [InlineData("""{ "httpStatus": [] }""", "unknown", "retry-on-schedule", "non-empty array of numbers")]
    [InlineData("""{ "rpsStatus": [1] }""", "unknown", "retry-on-schedule", "non-empty array of strings")]
    [InlineData("""{ "source": "http", "rpsStatus": ["001"] }""", "unknown", "retry-on-schedule", "\"rpsStatus\" only applies")]
    [InlineData("""{ "messagePattern": "x" }""", "throttled", "wait-stated-time", "needs \"defaultWaitSeconds\"")]
    [InlineData("""{ "messagePattern": "x" }""", "throttled", "pause-app-key", "needs \"defaultWaitSeconds\"")]
    public void A_bad_row_is_named(string match, string category, string action, string problem)
    {
        var error = Assert.Throws<ErrorTableException>(() => Load(Row("the-bad-row", match, category, action), CatchAll));
        Assert.Equal(1, error.RowNumber);
        Assert.Equal("the-bad-row", error.RuleId);
        Assert.Contains("row 1 (\"the-bad-row\")", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData(""" "correctiveAction": { "pt": "Corrija" } """, "\"pt\" and \"en\"")]
    [InlineData(""" "correctiveAction": { "pt": "Corrija", "en": "  " } """, "\"pt\" and \"en\"")]
    [InlineData(""" "correctiveAction": { "pt": "Corrija", "en": "Fix", "es": "Corrige" } """, "unknown property \"es\"")]
    [InlineData(""" "correctiveAction": "Fix it" """, "must be an object")]
    public void A_failing_row_needs_a_bilingual_corrective_action(string corrective, string problem)
    {
        var row = $$"""{ "id": "no-fix", "description": "d", "match": { "cityCode": "E1" }, "category": "invalid-service-code", "action": "fail", {{corrective}} }""";
        var error = Assert.Throws<ErrorTableException>(() => Load(row, CatchAll));
        Assert.Equal("no-fix", error.RuleId);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_failing_row_without_any_corrective_action_is_named()
    {
        var error = Assert.Throws<ErrorTableException>(() => Load(Row("no-fix", """{ "cityCode": "E1" }""", "invalid-service-code", "fail"), CatchAll));
        Assert.Contains("row 1 (\"no-fix\"): a failing row needs \"correctiveAction\"", error.Message);
    }

    [Fact]
    public void Max_attempts_need_a_corrective_action()
    {
        var row = """{ "id": "limited", "description": "d", "match": { "cityCode": "E1" }, "category": "unknown", "action": "retry-on-schedule", "maxAttempts": 3 }""";
        var error = Assert.Throws<ErrorTableException>(() => Load(row, CatchAll));
        Assert.Contains("\"maxAttempts\"", error.Message);
        Assert.Equal("limited", error.RuleId);
    }

    [Theory]
    [InlineData(""" "maxAttempts": 0 """, "at least 1")]
    [InlineData(""" "maxAttempts": "3" """, "at least 1")]
    [InlineData(""" "waitFrom": "minutes-in-message", "defaultWaitSeconds": 5 """, "unknown waitFrom \"minutes-in-message\"")]
    [InlineData(""" "waitFrom": "none", "defaultWaitSeconds": 5 """, "unknown waitFrom \"none\"")]
    public void Bad_numbers_and_wait_sources_are_named(string extra, string problem)
    {
        var row = $$"""{ "id": "odd", "description": "d", "match": { "cityCode": "E1" }, "category": "throttled", "action": "wait-stated-time", {{extra}} }""";
        var error = Assert.Throws<ErrorTableException>(() => Load(row, CatchAll));
        Assert.Equal("odd", error.RuleId);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("succeed", """ "defaultWaitSeconds": 5 """, "does not wait")]
    [InlineData("fail", """ "maxAttempts": 2, "correctiveAction": { "pt": "a", "en": "b" } """, "is final")]
    public void Final_actions_neither_wait_nor_count(string action, string extra, string problem)
    {
        var row = $$"""{ "id": "final", "description": "d", "match": { "cityCode": "E1" }, "category": "already-done", "action": "{{action}}", {{extra}} }""";
        var error = Assert.Throws<ErrorTableException>(() => Load(row, CatchAll));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void The_table_must_end_with_a_catch_all()
    {
        var error = Assert.Throws<ErrorTableException>(() => Load(Row("only", """{ "cityCode": "E1" }""", "unknown", "retry-on-schedule")));
        Assert.Equal(1, error.RowNumber);
        Assert.Contains("last row must be a catch-all", error.Message);
    }

    [Fact]
    public void A_catch_all_before_the_end_would_hide_the_rest()
    {
        var error = Assert.Throws<ErrorTableException>(() => Load(
            Row("too-early", "{}", "unknown", "retry-on-schedule"),
            Row("hidden", """{ "cityCode": "E1" }""", "unknown", "retry-on-schedule"),
            CatchAll));
        Assert.Equal("too-early", error.RuleId);
        Assert.Contains("only the last row may be the catch-all", error.Message);
    }

    [Fact]
    public void Ids_are_unique()
    {
        var error = Assert.Throws<ErrorTableException>(() => Load(
            Row("twice", """{ "cityCode": "E1" }""", "unknown", "retry-on-schedule"),
            Row("twice", """{ "cityCode": "E2" }""", "unknown", "retry-on-schedule"),
            CatchAll));
        Assert.Equal(2, error.RowNumber);
        Assert.Contains("unique", error.Message);
    }

    [Theory]
    [InlineData("""{ "description": "d", "match": {}, "category": "unknown", "action": "fail" }""", "\"id\" is required")]
    [InlineData("""{ "id": "Bad Id", "description": "d", "match": {}, "category": "unknown", "action": "fail" }""", "lower-case letters")]
    [InlineData("""{ "id": "x", "match": {}, "category": "unknown", "action": "fail" }""", "\"description\" is required")]
    [InlineData("""{ "id": "x", "description": "d", "category": "unknown", "action": "fail" }""", "\"match\" is required")]
    [InlineData("""{ "id": "x", "description": "d", "match": {}, "action": "fail" }""", "\"category\" is required")]
    [InlineData("""{ "id": "x", "description": "d", "match": {}, "category": "unknown" }""", "\"action\" is required")]
    [InlineData("""{ "id": "x", "description": "d", "match": {}, "category": "unknown", "action": "retry-on-schedule", "priority": 1 }""", "unknown property \"priority\"")]
    [InlineData("""[ "not", "an", "object" ]""", "must be a JSON object")]
    public void Missing_or_stray_fields_are_named(string row, string problem)
    {
        var error = Assert.Throws<ErrorTableException>(() => Load(row));
        Assert.Equal(1, error.RowNumber);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{ "rules": [] }""", "non-empty array")]
    [InlineData("""{ "rows": [] }""", "unknown property \"rows\"")]
    [InlineData("""[]""", "JSON object")]
    public void A_broken_file_is_explained(string json, string problem)
    {
        var error = Assert.Throws<ErrorTableException>(() => ErrorClassifier.Load(Stream(json)));
        Assert.Null(error.RowNumber);
        Assert.Contains(problem, error.Message);
    }

    private const string Corrective = """ "correctiveAction": { "pt": "Corrija", "en": "Fix it" } """;

    private static string Row(string id, string match, string category, string action, string? extra = null) =>
        $$"""{ "id": "{{id}}", "description": "test row", "match": {{match}}, "category": "{{category}}", "action": "{{action}}"{{(extra is null ? "" : ", " + extra)}} }""";

    private static ErrorClassifier Load(params string[] rows) =>
        ErrorClassifier.Load(Stream($$"""{ "rules": [ {{string.Join(",\n", rows)}} ] }"""));

    private static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));
}
