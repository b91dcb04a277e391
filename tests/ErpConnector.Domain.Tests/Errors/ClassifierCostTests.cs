using ErpConnector.Domain.Errors;

namespace ErpConnector.Domain.Tests.Errors;

/// <summary>Measured without other test classes running beside it, so that no neighbour shares the classifier's
/// engines while a count is taken; a stray count of the runtime's is ruled out by <see cref="ThreadAllocations.Least"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationsMeasuredAlone
{
    public const string Name = "allocations measured alone";
}

[Collection(AllocationsMeasuredAlone.Name)]
public class ClassifierCostTests
{
    private static readonly ErrorClassifier Classifier = ErrorClassifier.LoadDefault();

    [Fact]
    public void Classifying_into_a_row_without_a_wait_allocates_nothing()
    {
        ErrorObservation[] observations =
        [
            new(ErrorSource.CityMessage, "E0310", "Código de tributação nacional inexistente", null, "003"),
            new(ErrorSource.CityMessage, "Z1", "Mensagem que nenhuma linha reconhece e cai na última", null, "003"),
            new(ErrorSource.OmieFault, "SOAP-ENV:Client-105", "ERROR: Cliente não cadastrado para o Código [999999999] !", 500),
        ];
        var now = DateTimeOffset.UnixEpoch;
        foreach (var observation in observations)
            for (var i = 0; i < 10; i++)
                Classifier.Classify(observation, now);

        var allocated = ThreadAllocations.Least(() =>
        {
            for (var i = 0; i < 1_000; i++)
                foreach (var observation in observations)
                    Classifier.Classify(observation, now);
        });

        Assert.True(allocated < 1_024, $"{allocated} bytes for 3,000 classifications");
    }

    [Fact]
    public void Reading_a_stated_wait_allocates_only_the_verdict()
    {
        var seconds = new ErrorObservation(ErrorSource.OmieFault, "REDUNDANT", "Consumo redundante detectado. Aguarde 37 segundos");
        var clock = new ErrorObservation(ErrorSource.OmieFault, "SOAP-ENV:Client-1100",
            "ERROR: Esta requisição já foi processada ou está sendo processada e você pode tentar novamente às 19:04:08. (1)");
        var now = new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.FromHours(-3));
        for (var i = 0; i < 10; i++)
        {
            Classifier.Classify(seconds, now);
            Classifier.Classify(clock, now);
        }

        var perCall = ThreadAllocations.Least(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                Classifier.Classify(seconds, now);
                Classifier.Classify(clock, now);
            }
        }) / 2_000;

        Assert.True(perCall <= 128, $"{perCall} bytes per classification");
    }

    [Fact]
    public void The_same_verdict_object_is_reused_for_rows_without_a_wait()
    {
        var observation = new ErrorObservation(ErrorSource.CityMessage, "E0310", "x");
        Assert.Same(Classifier.Classify(observation, DateTimeOffset.UnixEpoch), Classifier.Classify(observation, DateTimeOffset.Now));
    }

    [Fact]
    public void Is_safe_to_call_from_many_threads()
    {
        var now = DateTimeOffset.UnixEpoch;
        Parallel.For(0, 2_000, i =>
        {
            var verdict = Classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "REDUNDANT", $"Consumo redundante detectado. Aguarde {i % 60} segundos"), now);
            Assert.Equal(now.AddSeconds(i % 60), verdict.WaitUntil);
        });
    }
}

public class ClassifierFirstUseTests
{
    [Fact]
    public void A_fresh_table_classifies_alike_from_many_threads_at_first_use()
    {
        // Each pattern's engine is built at its first match: many threads racing to build it must all match.
        var classifier = ErrorClassifier.LoadDefault();
        var observation = new ErrorObservation(ErrorSource.OmieFault, "SOAP-ENV:Client-105", "ERROR: Cliente não cadastrado para o Código [999999999] !", 500);
        var expected = ErrorClassifier.LoadDefault().Classify(observation, DateTimeOffset.UnixEpoch).RuleId;
        Assert.NotEqual("unclassified", expected);
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ => seen.Add(classifier.Classify(observation, DateTimeOffset.UnixEpoch).RuleId));
        Assert.All(seen, ruleId => Assert.Equal(expected, ruleId));
    }
}
