using System.Security.Cryptography.X509Certificates;
using Connect.Infrastructure.Inventory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Persistence;

public static class PersistenceModule
{
    /// <summary>
    /// Registers the database chosen by configuration. Pages and feeds ask for
    /// <c>IDbContextFactory&lt;ConnectDbContext&gt;</c> (a short context per unit of work); Identity gets a scoped context.
    /// </summary>
    public static IServiceCollection AddConnectPersistence(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataFolder = Path.GetFullPath(Path.Combine(contentRoot, options.DataFolder));
        services.AddSingleton(new DataFolder(dataFolder));

        // Committed changes that asked for a stock export wake it (see Inventory/StockExportQueue).
        services.AddSingleton<StockExportSignal>();
        services.AddSingleton<StockExportSignalInterceptor>();

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                var connectionString = configuration.GetConnectionString("Connect");
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:Connect is empty. Set it in appsettings.json or the ConnectionStrings__Connect environment variable.");
                services.AddDbContextFactory<SqlServerConnectDbContext>((sp, o) => o.UseSqlServer(connectionString, ConfigureSqlServer)
                    .AddInterceptors(sp.GetRequiredService<StockExportSignalInterceptor>()));
                services.AddSingleton<IDbContextFactory<ConnectDbContext>, ContextFactory<SqlServerConnectDbContext>>();
                break;
            default:
                Directory.CreateDirectory(dataFolder);
                var sqlite = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "connect.db"), Cache = SqliteCacheMode.Default, DefaultTimeout = 30 }.ToString();
                services.AddDbContextFactory<SqliteConnectDbContext>((sp, o) => o.UseSqlite(sqlite, ConfigureSqlite)
                    .AddInterceptors(sp.GetRequiredService<StockExportSignalInterceptor>()));
                services.AddSingleton<IDbContextFactory<ConnectDbContext>, ContextFactory<SqliteConnectDbContext>>();
                break;
        }

        services.AddScoped<ConnectDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContext());
        AddKeyRing(services, configuration);
        services.AddTransient<DatabaseInitializer>();
        services.AddTransient<Catalog.ProductMerge>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Data Protection keys live in the database so every instance shares them. With a certificate configured they are
    /// encrypted there too, so a copy of the database alone does not reveal the integrations' API keys.
    /// </summary>
    private static void AddKeyRing(IServiceCollection services, IConfiguration configuration)
    {
        var keys = services.AddDataProtection().SetApplicationName("Connect").PersistKeysToDbContext<ConnectDbContext>();
        var certificatePath = configuration["Connect:DataProtection:CertificatePath"];
        services.AddSingleton(new Security.KeyRingProtection(Encrypted: !string.IsNullOrWhiteSpace(certificatePath)));
        services.AddTransient<Security.KeyRingMigration>();
        if (string.IsNullOrWhiteSpace(certificatePath)) return;
        if (!File.Exists(certificatePath))
            throw new InvalidOperationException(
                $"Connect:DataProtection:CertificatePath points to {certificatePath}, which does not exist. Fix the path or remove the setting.");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["Connect:DataProtection:CertificatePassword"]);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"The certificate {certificatePath} has no private key; export it as a .pfx with its private key.");
        keys.ProtectKeysWithCertificate(certificate);
    }

    /// <summary>The production SQL Server options; tests build their contexts with these too.</summary>
    public static void ConfigureSqlServer(Microsoft.EntityFrameworkCore.Infrastructure.SqlServerDbContextOptionsBuilder o) =>
        o.MigrationsAssembly(typeof(ConnectDbContext).Assembly.FullName).EnableRetryOnFailure();

    /// <summary>The production SQLite options, retrying strategy included; tests build their contexts with these too.</summary>
    public static void ConfigureSqlite(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder o) =>
        o.MigrationsAssembly(typeof(ConnectDbContext).Assembly.FullName)
            .ExecutionStrategy(dependencies => new SqliteRetryingExecutionStrategy(dependencies));

    /// <summary>Hands out the provider's context as the shared base type.</summary>
    private sealed class ContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ConnectDbContext>
        where TContext : ConnectDbContext
    {
        public ConnectDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>Where Connect keeps its files (SQLite database, product images).</summary>
public sealed record DataFolder(string Path);
