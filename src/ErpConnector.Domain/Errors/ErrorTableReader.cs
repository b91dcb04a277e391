using System.Text.Json;

namespace ErpConnector.Domain.Errors;

/// <summary>
/// Reads and validates the table. A wrong row must stop start-up with a message that names it: a typo that
/// silently matched nothing (or everything) would misroute real invoices.
/// </summary>
internal static class ErrorTableReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] RootProperties = ["about", "rules"];
    private static readonly string[] RowProperties =
        ["id", "description", "match", "category", "action", "maxAttempts", "waitFrom", "defaultWaitSeconds", "correctiveAction"];
    private static readonly string[] MatchProperties = ["source", "faultCode", "cityCode", "messagePattern", "httpStatus", "rpsStatus"];
    private static readonly string[] CorrectiveActionProperties = ["pt", "en"];

    public static ErrorRule[] Read(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new ErrorTableException($"not valid JSON ({e.Message})", inner: e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ErrorTableException("the file must be a JSON object with a \"rules\" array");
            RejectUnknown(root, RootProperties, null, null, "the top level");
            if (!root.TryGetProperty("rules", out var rulesElement) || rulesElement.ValueKind != JsonValueKind.Array
                || rulesElement.GetArrayLength() == 0)
                throw new ErrorTableException("\"rules\" must be a non-empty array of rows");

            var rules = new List<ErrorRule>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var rowNumber = 0;
            foreach (var row in rulesElement.EnumerateArray())
            {
                rowNumber++;
                var rule = new RowReader(row, rowNumber).Read();
                if (!ids.Add(rule.Id))
                    throw new ErrorTableException("the id is used by an earlier row; ids must be unique", rowNumber, rule.Id);
                rules.Add(rule);
            }

            for (var i = 0; i < rules.Count - 1; i++)
                if (rules[i].Match.IsCatchAll)
                    throw new ErrorTableException(
                        "an empty \"match\" matches every error, so the rows after it could never apply; only the last row may be the catch-all",
                        rules[i].RowNumber, rules[i].Id);
            if (!rules[^1].Match.IsCatchAll)
                throw new ErrorTableException(
                    "the last row must be a catch-all (\"match\": {}) so that every error gets a verdict",
                    rules[^1].RowNumber, rules[^1].Id);
            return [.. rules];
        }
    }

    private static void RejectUnknown(JsonElement element, string[] known, int? row, string? id, string where)
    {
        foreach (var property in element.EnumerateObject())
            if (Array.IndexOf(known, property.Name) < 0)
                throw new ErrorTableException(
                    $"unknown property \"{property.Name}\" in {where}; expected one of: {string.Join(", ", known)}", row, id);
    }

    private readonly struct RowReader(JsonElement row, int rowNumber)
    {
        private string? Id => row.ValueKind == JsonValueKind.Object && row.TryGetProperty("id", out var id)
            && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

        public ErrorRule Read()
        {
            if (row.ValueKind != JsonValueKind.Object)
                throw Error("a row must be a JSON object");
            var id = RequiredString(row, "id");
            if (!IsKebab(id))
                throw Error("\"id\" must be lower-case letters, digits and hyphens, e.g. \"city-invalid-service-code\"");
            RejectUnknown(row, RowProperties, rowNumber, Id, "the row");
            var description = RequiredString(row, "description");
            var category = RequiredName<ErrorCategory>("category");
            var action = RequiredName<ErrorAction>("action");
            var maxAttempts = OptionalPositiveInt(row, "maxAttempts");
            var waitFrom = OptionalString(row, "waitFrom") is { } wait ? Name<WaitFrom>("waitFrom", wait) : WaitFrom.None;
            var defaultWait = OptionalPositiveInt(row, "defaultWaitSeconds");
            var (pt, en) = ReadCorrectiveAction();
            var match = ReadMatch();

            var waits = waitFrom != WaitFrom.None || defaultWait is not null;
            if (action is ErrorAction.WaitStatedTime or ErrorAction.PauseAppKey && defaultWait is null)
                throw Error($"action \"{TableNames.Of(action)}\" needs \"defaultWaitSeconds\", the wait when the message states no time");
            if (waits && action is ErrorAction.Succeed or ErrorAction.Fail or ErrorAction.RegisterCustomerThenContinue)
                throw Error($"action \"{TableNames.Of(action)}\" does not wait; remove \"waitFrom\" and \"defaultWaitSeconds\"");
            if (maxAttempts is not null && action is ErrorAction.Succeed or ErrorAction.Fail)
                throw Error($"action \"{TableNames.Of(action)}\" is final; remove \"maxAttempts\"");
            if (action == ErrorAction.Fail && (pt.Length == 0 || en.Length == 0))
                throw Error("a failing row needs \"correctiveAction\" with both \"pt\" and \"en\": the person who receives the failure must know what to do");
            if (maxAttempts is not null && (pt.Length == 0 || en.Length == 0))
                throw Error("a row with \"maxAttempts\" ends in a failure once attempts run out, so it needs \"correctiveAction\" with both \"pt\" and \"en\"");

            return new ErrorRule(rowNumber, id, description, match, category, action, maxAttempts, waitFrom, defaultWait, pt, en);
        }

        private ErrorMatch ReadMatch()
        {
            if (!row.TryGetProperty("match", out var match) || match.ValueKind != JsonValueKind.Object)
                throw Error("\"match\" is required: an object with any of source, faultCode, cityCode, messagePattern, httpStatus, rpsStatus (an empty object only in the last row)");
            RejectUnknown(match, MatchProperties, rowNumber, Id, "\"match\"");

            ErrorSource? source = OptionalString(match, "source") is { } s ? Name<ErrorSource>("match.source", s) : null;
            var faultCode = OptionalString(match, "faultCode");
            var cityCode = OptionalString(match, "cityCode");
            var messagePattern = OptionalString(match, "messagePattern");
            if (faultCode is not null && cityCode is not null)
                throw Error("\"faultCode\" and \"cityCode\" both test the error's code; use one per row");
            if (faultCode is not null && source is not null and not ErrorSource.OmieFault)
                throw Error("\"faultCode\" only applies to \"source\": \"omie-fault\"");
            if (cityCode is not null && source is not null and not ErrorSource.CityMessage)
                throw Error("\"cityCode\" only applies to \"source\": \"city-message\"");

            var httpStatus = IntList(match, "httpStatus");
            foreach (var status in httpStatus)
                if (status is < 100 or > 599)
                    throw Error($"\"httpStatus\" {status} is not an HTTP status code");
            var rpsStatus = StringList(match, "rpsStatus");
            if (rpsStatus.Length > 0 && source is not null and not ErrorSource.CityMessage)
                throw Error("\"rpsStatus\" only applies to \"source\": \"city-message\"");

            try
            {
                return new ErrorMatch(source, faultCode, cityCode, messagePattern, httpStatus, rpsStatus);
            }
            catch (ArgumentException e)
            {
                throw new ErrorTableException($"bad pattern in \"match\": {e.Message}", rowNumber, Id, e);
            }
        }

        private (string Pt, string En) ReadCorrectiveAction()
        {
            if (!row.TryGetProperty("correctiveAction", out var action) || action.ValueKind == JsonValueKind.Null)
                return ("", "");
            if (action.ValueKind != JsonValueKind.Object)
                throw Error("\"correctiveAction\" must be an object { \"pt\": \"...\", \"en\": \"...\" }");
            RejectUnknown(action, CorrectiveActionProperties, rowNumber, Id, "\"correctiveAction\"");
            return (OptionalString(action, "pt")?.Trim() ?? "", OptionalString(action, "en")?.Trim() ?? "");
        }

        private TEnum RequiredName<TEnum>(string property) where TEnum : struct, Enum =>
            Name<TEnum>(property, RequiredString(row, property));

        private TEnum Name<TEnum>(string property, string value) where TEnum : struct, Enum
        {
            // "none" is the absence of waitFrom, not a value to write.
            var isNone = typeof(TEnum) == typeof(WaitFrom) && value == "none";
            if (!isNone && TableNames.TryParse<TEnum>(value, out var parsed))
                return parsed;
            var known = TableNames.All<TEnum>().Where(n => typeof(TEnum) != typeof(WaitFrom) || n != "none");
            throw Error($"unknown {property} \"{value}\"; expected one of: {string.Join(", ", known)}");
        }

        private string RequiredString(JsonElement element, string property) =>
            OptionalString(element, property) is { Length: > 0 } value
                ? value
                : throw Error($"\"{property}\" is required and must be a non-empty string");

        private string? OptionalString(JsonElement element, string property)
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.String)
                throw Error($"\"{property}\" must be a string");
            return value.GetString()!.Trim();
        }

        private int? OptionalPositiveInt(JsonElement element, string property)
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < 1)
                throw Error($"\"{property}\" must be a whole number of at least 1");
            return number;
        }

        private int[] IntList(JsonElement element, string property)
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
                return [];
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                throw Error($"\"{property}\" must be a non-empty array of numbers, e.g. [502, 503]");
            var list = new int[value.GetArrayLength()];
            var i = 0;
            foreach (var item in value.EnumerateArray())
                list[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var n)
                    ? n
                    : throw Error($"\"{property}\" must be a non-empty array of numbers, e.g. [502, 503]");
            return list;
        }

        private string[] StringList(JsonElement element, string property)
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
                return [];
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                throw Error($"\"{property}\" must be a non-empty array of strings, e.g. [\"001\", \"002\"]");
            var list = new string[value.GetArrayLength()];
            var i = 0;
            foreach (var item in value.EnumerateArray())
                list[i++] = item.ValueKind == JsonValueKind.String && item.GetString()!.Trim() is { Length: > 0 } s
                    ? s
                    : throw Error($"\"{property}\" must be a non-empty array of strings, e.g. [\"001\", \"002\"]");
            return list;
        }

        private static bool IsKebab(string id)
        {
            foreach (var c in id)
                if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                    return false;
            return true;
        }

        private ErrorTableException Error(string message) => new(message, rowNumber, Id);
    }
}
