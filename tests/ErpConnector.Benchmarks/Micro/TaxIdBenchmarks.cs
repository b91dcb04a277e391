using BenchmarkDotNet.Attributes;
using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Benchmarks.Micro;

/// <summary>The hot checks of every deal: target ≥ 20 M CNPJ checks/s and 0 bytes on the valid path.</summary>
[MemoryDiagnoser]
public class TaxIdBenchmarks
{
    private readonly string _cpf = "12345678909";
    private readonly string _cnpj = "11222333000181";
    private readonly string _alphanumericCnpj = "12ABC34501DE35";
    private readonly string _maskedAlphanumericCnpj = "12.ABC.345/01DE-35";

    [Benchmark] public bool Cpf_valid() => Cpf.IsValid(_cpf);
    [Benchmark] public bool Cnpj_numeric_valid() => Cnpj.IsValid(_cnpj);
    [Benchmark] public bool Cnpj_alphanumeric_valid() => Cnpj.IsValid(_alphanumericCnpj);
    /// <summary>The full user-input path: normalise the mask, validate, build the TaxId (allocates the normalised string).</summary>
    [Benchmark] public TaxIdParseResult Parse_masked_alphanumeric() => TaxId.Parse(_maskedAlphanumericCnpj);
}
