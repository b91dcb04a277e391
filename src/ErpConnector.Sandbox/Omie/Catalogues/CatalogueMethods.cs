using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.Catalogues;

/// <summary>
/// <c>servicos/listaservico/</c> ListarServMunic (the cities' municipal service codes) and <c>servicos/servico/</c>
/// ListarCadastroServico (the company's registered services), read from configuration. Request and answer shapes
/// follow Omie's published types (sermListarRequest/Response, srvListarRequest/Response); UNCONFIRMED beyond that.
/// </summary>
public static class CatalogueMethods
{
    private const int MaxPageSize = 500;

    public static IEnumerable<OmieMethod> All =>
    [
        // The 60-second rule compares whole requests for listings: the "record" is the page asked for.
        new("servicos/listaservico", "ListarServMunic", CallKind.Query, ListMunicipalCodes, p => p.ToJsonString()),
        new("servicos/servico", "ListarCadastroServico", CallKind.Query, ListServices, p => p.ToJsonString()),
    ];

    private static Func<JsonNode> ListMunicipalCodes(OmieCall call)
    {
        var p = call.Param;
        var page = Math.Max(1, p.Number("pagina", 1));
        var size = Math.Clamp(p.Number("registros_por_pagina", 50), 1, MaxPageSize);
        var code = p.Text("cCodServMun");
        var lc116 = p.Text("cCodServLC116");
        return () =>
        {
            var records = call.Account.Options.Cities
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .SelectMany(c => c.Value.ServiceCodes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (City: c.Key, Code: s.Key, s.Value)))
                .Select((r, i) => (Id: i + 1, r.City, r.Code, r.Value))
                .Where(r => code is null || string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase))
                .Where(r => lc116 is null || string.Equals(r.Value.Lc116Code, lc116, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var slice = Page(records, page, size);
            return new JsonObject
            {
                ["pagina"] = page,
                ["total_de_paginas"] = Pages(records.Count, size),
                ["registros"] = slice.Count,
                ["total_de_registros"] = records.Count,
                ["cadastros"] = new JsonArray(slice.Select(r => (JsonNode)new JsonObject
                {
                    ["nIdCodServMun"] = r.Id,
                    ["cCodServMun"] = r.Code,
                    ["cDescricao"] = r.Value.Description,
                    ["cDescrCompleta"] = r.Value.Description,
                    ["cCodServLC116"] = r.Value.Lc116Code,
                    ["cCidade"] = r.City,
                }).ToArray()),
            };
        };
    }

    private static Func<JsonNode> ListServices(OmieCall call)
    {
        var p = call.Param;
        var page = Math.Max(1, p.Number("nPagina", 1));
        var size = Math.Clamp(p.Number("nRegPorPagina", 50), 1, MaxPageSize);
        return () =>
        {
            var records = call.Account.Options.RegisteredServices.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
            var slice = Page(records, page, size);
            return new JsonObject
            {
                ["nPagina"] = page,
                ["nTotPaginas"] = Pages(records.Count, size),
                ["nRegistros"] = slice.Count,
                ["nTotRegistros"] = records.Count,
                ["cadastros"] = new JsonArray(slice.Select(s => (JsonNode)new JsonObject
                {
                    ["cabecalho"] = new JsonObject
                    {
                        ["cCodigo"] = s.Key,
                        ["cDescricao"] = s.Value.Description,
                        ["cCodServMun"] = s.Value.MunicipalCode,
                        ["cCodLC116"] = s.Value.Lc116Code,
                    },
                    ["info"] = new JsonObject { ["inativo"] = s.Value.Inactive ? "S" : "N" },
                }).ToArray()),
            };
        };
    }

    /// <summary>The page asked for; Omie answers a page past the end (or an empty list) with Client-5113.</summary>
    private static List<T> Page<T>(List<T> records, int page, int size)
    {
        var slice = records.Skip((page - 1) * size).Take(size).ToList();
        if (slice.Count == 0) throw Faults.EmptyPage(page);
        return slice;
    }

    private static int Pages(int count, int size) => Math.Max(1, (count + size - 1) / size);
}
