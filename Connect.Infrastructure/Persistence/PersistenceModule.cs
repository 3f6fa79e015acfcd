using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                var connectionString = configuration.GetConnectionString("Connect");
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:Connect is empty. Set it in appsettings.json or the ConnectionStrings__Connect environment variable.");
                services.AddDbContextFactory<SqlServerConnectDbContext>(o => o.UseSqlServer(connectionString, ConfigureSqlServer));
                services.AddSingleton<IDbContextFactory<ConnectDbContext>, ContextFactory<SqlServerConnectDbContext>>();
                break;
            default:
                Directory.CreateDirectory(dataFolder);
                var sqlite = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "connect.db"), Cache = SqliteCacheMode.Default, DefaultTimeout = 30 }.ToString();
                services.AddDbContextFactory<SqliteConnectDbContext>(o => o.UseSqlite(sqlite, ConfigureSqlite));
                services.AddSingleton<IDbContextFactory<ConnectDbContext>, ContextFactory<SqliteConnectDbContext>>();
                break;
        }

        services.AddScoped<ConnectDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContext());
        services.AddDataProtection().SetApplicationName("Connect").PersistKeysToDbContext<ConnectDbContext>();
        services.AddTransient<DatabaseInitializer>();
        return services;
    }

    internal static void ConfigureSqlServer(Microsoft.EntityFrameworkCore.Infrastructure.SqlServerDbContextOptionsBuilder o) =>
        o.MigrationsAssembly(typeof(ConnectDbContext).Assembly.FullName).EnableRetryOnFailure();

    internal static void ConfigureSqlite(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder o) =>
        o.MigrationsAssembly(typeof(ConnectDbContext).Assembly.FullName);

    /// <summary>Hands out the provider's context as the shared base type.</summary>
    private sealed class ContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ConnectDbContext>
        where TContext : ConnectDbContext
    {
        public ConnectDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>Where Connect keeps its files (SQLite database, product images).</summary>
public sealed record DataFolder(string Path);
