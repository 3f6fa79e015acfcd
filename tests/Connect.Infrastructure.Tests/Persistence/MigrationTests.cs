using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Connect.Infrastructure.Tests.Persistence;

public sealed class MigrationTests
{
    private static SqlServerConnectDbContext SqlServer() => new SqlServerDesignTimeFactory().CreateDbContext([]);
    private static SqliteConnectDbContext Sqlite() => new SqliteDesignTimeFactory().CreateDbContext([]);

    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = Sqlite();
        db.Database.HasPendingModelChanges().ShouldBeFalse("Run: dotnet ef migrations add <Name> --context SqliteConnectDbContext");
    }

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        using var db = SqlServer();
        db.Database.HasPendingModelChanges().ShouldBeFalse("Run: dotnet ef migrations add <Name> --context SqlServerConnectDbContext");
    }

    [Fact]
    public void Idempotent_SqlServer_script_parses_without_errors()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var batches = script.Split(["\nGO\n", "\nGO\r\n", "\r\nGO\r\n"], StringSplitOptions.RemoveEmptyEntries);
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        foreach (var batch in batches)
        {
            parser.Parse(new StringReader(batch), out var errors);
            errors.Select(e => $"line {e.Line}: {e.Message}").ShouldBeEmpty($"In batch:\n{batch[..Math.Min(batch.Length, 400)]}");
        }
        script.ShouldContain("CREATE TABLE [Orders]");
        script.ShouldContain("decimal(18,4)");
    }

    [Fact]
    public void SqlServer_model_has_no_table_reached_by_two_cascade_paths()
    {
        using var db = SqlServer();
        var cascades = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.DeleteBehavior == DeleteBehavior.Cascade && !fk.IsOwnership)
            .ToList();

        // Count distinct cascade paths from every principal table to every dependent table.
        int Paths(string from, string to) => from == to ? 1 : cascades
            .Where(fk => fk.PrincipalEntityType.GetTableName() == from)
            .Sum(fk => Paths(fk.DeclaringEntityType.GetTableName()!, to));
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().ToList();
        foreach (var from in tables)
            foreach (var to in tables.Where(t => t != from))
                Paths(from, to).ShouldBeLessThanOrEqualTo(1, $"{from} reaches {to} by several cascade paths; SQL Server refuses that.");
    }

    [Fact]
    public void Money_columns_have_explicit_precision()
    {
        using var db = SqlServer();
        var money = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(decimal) || p.ClrType == typeof(decimal?)).ToList();
        money.ShouldNotBeEmpty();
        money.ShouldAllBe(p => p.GetPrecision() == 18 && p.GetScale() == 4);
    }
}
