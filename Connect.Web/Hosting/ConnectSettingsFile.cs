using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Connect.Web.Hosting;

public static class ConnectSettingsFile
{
    /// <summary>
    /// Reads the repository's root appsettings.json (copied next to the binaries) as the base configuration.
    /// It goes first, so environment variables and the command line still override it the usual way.
    /// A missing file stops the start: running silently on built-in defaults would hide a broken deployment.
    /// </summary>
    public static IConfigurationBuilder AddConnectSettingsFile(this IConfigurationManager configuration, string[] args)
    {
        var path = Environment.GetEnvironmentVariable("CONNECT_SETTINGS") ?? Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Connect's settings file was not found at {path}. Restore appsettings.json (it ships at the repository root) or set CONNECT_SETTINGS to its path.", path);
        var source = new JsonConfigurationSource
        {
            Path = Path.GetFileName(path),
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(Path.GetFullPath(path))!),
            Optional = false,
            ReloadOnChange = false,
        };
        configuration.Sources.Insert(0, source);
        return configuration;
    }
}
