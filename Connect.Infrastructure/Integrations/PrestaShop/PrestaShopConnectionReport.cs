using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Integrations.PrestaShop;

/// <summary>Turns a PrestaShop connection test into the neutral report the wizard and the API connection section show.</summary>
public static class PrestaShopConnectionReport
{
    /// <summary>Without these the order import, stock export or shipping confirmation cannot run: saving is refused.</summary>
    public static IReadOnlySet<(string Resource, string Method)> Essential { get; } = new HashSet<(string, string)>
    {
        ("orders", "GET"), ("order_details", "GET"), ("order_states", "GET"), ("order_histories", "GET"), ("order_histories", "POST"),
        ("order_carriers", "GET"), ("order_carriers", "PUT"), ("carriers", "GET"), ("customers", "GET"), ("addresses", "GET"),
        ("products", "GET"), ("combinations", "GET"), ("stock_availables", "GET"), ("stock_availables", "PUT"),
    };

    public const string AsmFix =
        "Connect owns the stock and pushes the sellable quantity to the shop; Advanced Stock Management computes quantities from " +
        "PrestaShop's own warehouses and refuses stock updates through the Webservice, so the two cannot run together. Turn it off in " +
        "Shop Parameters > Product Settings (PrestaShop 1.6: Preferences > Products > 'Enable advanced stock management' = No), " +
        "and untick 'I want to use the advanced stock management system for this product' on the products that use it, then test again.";

    public const string CgiModeAdvice =
        "If the key is right, the shop's server may drop the Authorization header: in Advanced Parameters > Webservice set " +
        "'Enable CGI mode for PHP' to Yes (or add 'CGIPassAuth On' to the shop's .htaccess), then test again.";

    public static ConnectionReport From(PrestaShopConnectionTestResult result, IReadOnlyList<ShopChoice> shops)
    {
        var problems = new List<ConnectionProblem>();
        if (result.Failure is { } failure)
            problems.Add(FromFailure(failure));
        if (result.AsmEnabled)
            problems.Add(new(ProblemSeverity.Blocking, "Advanced Stock Management (ASM) is on in this shop", AsmFix));
        foreach (var missing in result.MissingPermissions)
        {
            var essential = Essential.Contains((missing.Resource, missing.Method));
            problems.Add(new(essential ? ProblemSeverity.Blocking : ProblemSeverity.Warning,
                $"The key may not {missing.Method} '{missing.Resource}'" + (essential ? "" : " (used by optional feeds)"), missing.Fix));
        }
        if (result.Failure is null && !result.StockManagementEnabled && !result.MissingPermissions.Any(m => m.Resource == "configurations"))
            problems.Add(new(ProblemSeverity.Advice, "Stock management is off in the shop",
                "Connect pushes the sellable quantity, but the shop only uses it when 'Enable stock management' is Yes in Shop Parameters > Product Settings."));
        if (result.AuthorizationHeaderAdvice is { } advice)
            problems.Add(new(ProblemSeverity.Advice, "The shop's web server drops the Authorization header; Connect works by sending the key in the URL", advice));

        var names = shops.Count > 0 ? shops : result.ShopNames.Select((n, i) => new ShopChoice(i + 1, n)).ToList();
        return new ConnectionReport(result.Version?.Raw, string.IsNullOrEmpty(result.ShopName) ? null : result.ShopName, names, problems)
        {
            AuthenticationFailed = result.Failure?.Kind == PrestaShopErrorKind.BadKey,
            Currency = result.Currency,
        };
    }

    public static ConnectionProblem FromFailure(PrestaShopException failure) => failure.Kind switch
    {
        // Refused in the URL too: no header can be at fault, so the CGI advice would only mislead.
        PrestaShopErrorKind.BadKey when failure.KeyRefusedEvenInUrl => new(ProblemSeverity.Blocking, "The shop refused the API key: the key is wrong",
            failure.Explanation),
        PrestaShopErrorKind.BadKey => new(ProblemSeverity.Blocking, "The shop refused the API key", $"{failure.Explanation} {CgiModeAdvice}"),
        PrestaShopErrorKind.WebserviceDisabled => new(ProblemSeverity.Blocking, "The shop's Webservice is switched off", failure.Explanation),
        PrestaShopErrorKind.HtmlInsteadOfXml => new(ProblemSeverity.Blocking, "The shop answered with a web page instead of Webservice XML",
            $"{failure.Explanation} The URL is the shop's front address (not the back office)."),
        PrestaShopErrorKind.Timeout => new(ProblemSeverity.Blocking, "The shop did not answer in time", failure.Explanation),
        PrestaShopErrorKind.Network => new(ProblemSeverity.Blocking, "The shop could not be reached", failure.Explanation),
        PrestaShopErrorKind.Tls => new(ProblemSeverity.Blocking, "The shop's HTTPS certificate was refused", failure.Explanation),
        PrestaShopErrorKind.NotFound or PrestaShopErrorKind.UnknownResource => new(ProblemSeverity.Blocking, "No PrestaShop Webservice at this address",
            "Check the shop URL: enter the shop's front address (e.g. https://shop.example.com), Connect adds /api itself."),
        PrestaShopErrorKind.MissingPermission => new(ProblemSeverity.Blocking, "The key is not allowed here", failure.Explanation),
        PrestaShopErrorKind.ServerError => new(ProblemSeverity.Blocking, "The shop is unavailable right now", failure.Explanation),
        _ => new(ProblemSeverity.Blocking, "The connection test failed", failure.Explanation),
    };
}
