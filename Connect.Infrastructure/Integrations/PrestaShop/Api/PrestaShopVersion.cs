using System.Text.RegularExpressions;

namespace Connect.Infrastructure.Integrations.PrestaShop.Api;

/// <summary>The shop's version from the PSWS-Version header; Raw keeps the header text ("1.6.1.24", "9.0.0-beta").</summary>
public sealed partial record PrestaShopVersion(string Raw, Version Value)
{
    public static PrestaShopVersion? TryParse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var match = Leading().Match(raw.Trim());
        if (!match.Success || !Version.TryParse(match.Value.Contains('.') ? match.Value : match.Value + ".0", out var v))
            return null;
        return v.Major == 0 ? null : new PrestaShopVersion(raw.Trim(), v); // "0" is sent with 401 answers
    }

    public bool AtLeast(int major, int minor = 0) => Value >= new Version(major, minor);

    public override string ToString() => Raw;

    [GeneratedRegex(@"^\d+(\.\d+){0,3}")]
    private static partial Regex Leading();
}
