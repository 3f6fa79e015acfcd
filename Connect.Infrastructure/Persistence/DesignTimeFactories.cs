using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Connect.Infrastructure.Persistence;

// Used by `dotnet ef` only: migrations are generated offline, no server is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteConnectDbContext>
{
    public SqliteConnectDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteConnectDbContext>().UseSqlite("Data Source=design.db", PersistenceModule.ConfigureSqlite).Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerConnectDbContext>
{
    public SqlServerConnectDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerConnectDbContext>()
            .UseSqlServer("Server=localhost;Database=Connect;Trusted_Connection=True;TrustServerCertificate=True", PersistenceModule.ConfigureSqlServer).Options);
}
