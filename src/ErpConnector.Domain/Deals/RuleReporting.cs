using FluentValidation;

namespace ErpConnector.Domain.Deals;

/// <summary>Every rule of the deal validators carries a stable code and a message that names the fix, never FluentValidation's defaults.</summary>
internal static class RuleReporting
{
    public static IRuleBuilderOptions<T, TProperty> Reports<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, string code, string message) =>
        rule.WithErrorCode(code).WithMessage(message);

    public static IRuleBuilderOptions<T, TProperty> Reports<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, string code, Func<T, TProperty, string> message) =>
        rule.WithErrorCode(code).WithMessage(message);

    public static bool IsPresent(string? value) => !string.IsNullOrWhiteSpace(value);

    public static int TrimmedLength(string? value) => value.AsSpan().Trim().Length;
}
