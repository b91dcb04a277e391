using ErpConnector.Contracts;
using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Service.Api;

/// <summary>Lets finance check a CPF/CNPJ with exactly the rules the connector applies to deals.</summary>
public static class TaxIdEndpoints
{
    public static IEndpointRouteBuilder MapTaxIdEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tax-ids/validate", (string? value) =>
        {
            var result = TaxId.Parse(value);
            if (result.Value is { } id)
                return Results.Ok(new { kind = id.Kind == TaxIdKind.Cpf ? "cpf" : "cnpj", normalized = id.Normalized, formatted = id.Formatted });
            return Results.Json(new { errors = new[] { new FieldError("value", result.ErrorCode ?? "document.invalid", result.ErrorMessage ?? "Invalid CPF/CNPJ.") } },
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }).WithName("ValidateTaxId");
        return app;
    }
}
