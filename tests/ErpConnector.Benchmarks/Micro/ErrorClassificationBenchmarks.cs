using BenchmarkDotNet.Attributes;
using ErpConnector.Domain.Errors;

namespace ErpConnector.Benchmarks.Micro;

/// <summary>Cost of classifying an error through the table (first rows, a city message deep in the table, the catch-all).</summary>
[MemoryDiagnoser]
public class ErrorClassificationBenchmarks
{
    private readonly ErrorClassifier _classifier = ErrorClassifier.LoadDefault();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly ErrorObservation _redundant = new(ErrorSource.OmieFault, "SOAP-ENV:Client-6", "Consumo redundante detectado. Aguarde 37 segundos");
    private readonly ErrorObservation _cityServiceCode = new(ErrorSource.CityMessage, "E0310", "Código de tributação nacional inexistente");
    private readonly ErrorObservation _unknown = new(ErrorSource.CityMessage, "X123", "Algo que ninguém catalogou");

    [Benchmark] public ErrorClassification Throttle_with_wait() => _classifier.Classify(_redundant, _now);
    [Benchmark] public ErrorClassification City_invalid_service_code() => _classifier.Classify(_cityServiceCode, _now);
    [Benchmark] public ErrorClassification Unknown_catch_all() => _classifier.Classify(_unknown, _now);
}
