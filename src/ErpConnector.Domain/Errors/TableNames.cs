using System.Collections.Frozen;
using System.Text;

namespace ErpConnector.Domain.Errors;

/// <summary>The kebab-case names the table (and <c>NfseFailed.category</c>) use for the enums: <c>InvalidServiceCode</c> ⇄ <c>invalid-service-code</c>.</summary>
internal static class TableNames
{
    private static readonly FrozenDictionary<ErrorCategory, string> CategoryNames = NamesOf<ErrorCategory>();

    public static string Of(ErrorCategory category) => CategoryNames.GetValueOrDefault(category, "unknown");

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Kebab(value.ToString());

    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(Of).ToArray();

    public static bool TryParse<TEnum>(string name, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
            if (Of(candidate) == name)
            {
                value = candidate;
                return true;
            }
        value = default;
        return false;
    }

    private static FrozenDictionary<TEnum, string> NamesOf<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => Kebab(v.ToString()));

    private static string Kebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsAsciiLetterUpper(c) && i > 0)
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
