using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Connect.Web.Hosting;

/// <summary>
/// Transport and browser defaults for running Connect on a network: HTTPS with HSTS outside Development, the
/// reverse proxy's forwarded headers when configured, cookies sent only over HTTPS, and pages that no other site may frame.
/// Settings (section "Hosting"): HttpsRedirection (true unless Development), ForwardedHeaders (false),
/// KnownProxies (list of proxy IP addresses; empty means loopback only).
/// </summary>
public static class HostingSecurity
{
    public const string FrameAncestors = "frame-ancestors 'none'";

    public static IServiceCollection AddConnectHostingSecurity(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        var hosting = configuration.GetSection("Hosting");
        services.Configure<HostingSecurityOptions>(o =>
        {
            o.HttpsRedirection = hosting.GetValue("HttpsRedirection", !development);
            o.ForwardedHeaders = hosting.GetValue("ForwardedHeaders", false);
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in hosting.GetSection("KnownProxies").Get<string[]>() ?? [])
                if (IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        // Development runs on plain http (tests, dotnet run); everywhere else cookies only travel over HTTPS.
        var secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = secure);
        return services;
    }

    public static WebApplication UseConnectHostingSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostingSecurityOptions>>().Value;
        if (options.ForwardedHeaders) app.UseForwardedHeaders();
        if (options.HttpsRedirection)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use(async (context, next) =>
        {
            // No other site may frame Connect (clickjacking); endpoints may set a stricter policy of their own.
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            context.Response.OnStarting(() =>
            {
                // Blazor's endpoints and the image endpoint set their own policy (see ConnectHost and ProductImageEndpoints).
                if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = FrameAncestors;
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }
}

public sealed class HostingSecurityOptions
{
    public bool HttpsRedirection { get; set; }
    public bool ForwardedHeaders { get; set; }
}
