using System.Text.RegularExpressions;

namespace Connect.Infrastructure.Shipping;

/// <summary>
/// What a tracking number may contain. Shops store it in a 64-character column and PrestaShop refuses anything outside
/// its isTrackingNumber characters, so Connect checks both when the operator types it, not when the shop says no later.
/// </summary>
public static partial class TrackingNumberRules
{
    public const int MaxLength = 64;

    public const string AllowedCharacters = "letters, digits, spaces and ~ : # , % & _ = ( ) [ ] . ? + - @ /";

    public static bool HasOnlyAllowedCharacters(string trackingNumber) => AllowedPattern().IsMatch(trackingNumber);

    /// <summary>Null when the number is acceptable (or empty: a shipment may have none), else what to correct.</summary>
    public static string? Problem(string? trackingNumber)
    {
        if (string.IsNullOrWhiteSpace(trackingNumber)) return null;
        var value = trackingNumber.Trim();
        if (value.Length > MaxLength)
            return $"The tracking number has {value.Length} characters; shops keep at most {MaxLength}. Enter the carrier's number without extra text.";
        if (!HasOnlyAllowedCharacters(value))
            return $"The tracking number '{value}' contains characters the shop refuses. Use only {AllowedCharacters}.";
        return null;
    }

    // PrestaShop's Validate::isTrackingNumber.
    [GeneratedRegex(@"^[~:#,%&_=\(\)\[\]\.\? \+\-@\/a-zA-Z0-9]+$")]
    private static partial Regex AllowedPattern();
}
