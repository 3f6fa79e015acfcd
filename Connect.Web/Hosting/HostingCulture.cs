using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Connect.Web.Hosting;

/// <summary>
/// Numbers, money and dates follow the culture the browser asks for (Accept-Language), among the cultures Connect
/// supports; anything else gets English. A Blazor circuit keeps the culture of the request that opened it.
/// </summary>
public static class HostingCulture
{
    public const string Default = "en";

    /// <summary>Languages of PrestaShop merchants Connect expects, with their main regional variants.</summary>
    public static readonly string[] Supported =
    [
        "en", "en-US", "en-GB", "en-IE", "en-AU", "en-CA",
        "fr", "fr-FR", "fr-BE", "fr-CH", "fr-CA",
        "de", "de-DE", "de-AT", "de-CH",
        "es", "es-ES", "es-MX", "it", "it-IT", "nl", "nl-NL", "nl-BE",
        "pt", "pt-PT", "pt-BR", "pl", "pl-PL", "cs", "sv", "da", "nb", "fi",
    ];

    public static WebApplication UseConnectCulture(this WebApplication app)
    {
        var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Default),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            // Only the browser decides: no culture in the query string or a cookie to keep in sync.
            RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()],
            FallBackToParentCultures = true,
        });
        return app;
    }
}
