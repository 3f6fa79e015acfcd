using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Connect.Infrastructure.Persistence;

/// <summary>
/// Multi-row INSERT statements for the pages that create many rows of one table at once (a catalog page creates about a
/// thousand products and as many links). SaveChanges sends one statement per row, each prepared on its own: about a
/// millisecond of CPU a row on SQLite, which made the product import five times slower than reading the shop. One
/// statement per few hundred rows costs a fraction of it.
/// Columns, value conversions and parameter types come from the EF model, so a row is stored exactly as SaveChanges would
/// store it, on SQLite and on SQL Server. The rows must be new with a database-generated key; the table's unique indexes
/// still refuse a duplicate (the statement fails and the caller's transaction rolls back). Runs on the context's
/// connection, inside its current transaction. Nothing here asks for stock exports: use it only for rows that cannot
/// change a sellable quantity (see <see cref="Inventory.StockExportQueue"/>).
/// </summary>
internal static class BulkInsert
{
    // SQL Server takes at most 2,100 parameters per command and 1,000 rows per VALUES list. SQLite takes more, but
    // Microsoft.Data.Sqlite looks each parameter up by name among all of the statement's (quadratic): a few hundred rows
    // of a dozen columns per statement is where the per-statement cost and the binding cost meet.
    private const int MaxParameters = 999;
    private const int MaxRows = 1_000;

    /// <summary>Inserts the rows; their generated keys are not read back (the entities keep their default key and stay untracked).</summary>
    public static Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class =>
        RunAsync(db, rows, naturalKey: null, ct);

    /// <summary>
    /// Inserts the rows, gives each its generated key and attaches it to the context as unchanged, so later changes to it
    /// are saved by SaveChanges. The keys are matched back by <paramref name="naturalKey"/>, a property whose value is
    /// unique among <paramref name="rows"/> (the database returns inserted rows in no promised order).
    /// </summary>
    public static Task InsertAndAttachAsync<T>(DbContext db, IReadOnlyCollection<T> rows, string naturalKey, CancellationToken ct) where T : class =>
        RunAsync(db, rows, naturalKey, ct);

    private static async Task RunAsync<T>(DbContext db, IReadOnlyCollection<T> rows, string? naturalKey, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var table = Table.Of<T>(db, naturalKey);
        Dictionary<string, T>? byNaturalKey = null;
        if (table.NaturalKey is { } natural)
        {
            byNaturalKey = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var row in rows)
                if (!byNaturalKey.TryAdd(Convert.ToString(natural.GetGetter().GetClrValue(row), System.Globalization.CultureInfo.InvariantCulture) ?? "", row))
                    throw new InvalidOperationException($"Two new {typeof(T).Name} rows share the {natural.Name} the inserted keys are matched by.");
        }

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            var rowsPerStatement = Math.Min(MaxRows, Math.Max(1, MaxParameters / table.Columns.Count));
            foreach (var chunk in rows.Chunk(rowsPerStatement))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = table.Statement(command, chunk);
                if (byNaturalKey is null)
                {
                    await command.ExecuteNonQueryAsync(ct);
                    continue;
                }
                await using var reader = await command.ExecuteReaderAsync(ct);
                var returned = new List<(object Key, string Natural)>(chunk.Length);
                while (await reader.ReadAsync(ct))
                    returned.Add((reader.GetValue(0), Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) ?? ""));
                await reader.CloseAsync();
                foreach (var (key, matched) in returned)
                {
                    var entry = db.Entry(byNaturalKey[matched]);
                    entry.Property(table.Key.Name).CurrentValue = Convert.ChangeType(key, table.Key.ClrType, System.Globalization.CultureInfo.InvariantCulture);
                    entry.State = EntityState.Unchanged;
                }
                if (returned.Count != chunk.Length)
                    throw new InvalidOperationException($"The database returned {returned.Count} keys for {chunk.Length} new {typeof(T).Name} rows.");
            }
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>What the statements of one entity type need from the model: table, columns with their mappings, key, SQL dialect.</summary>
    private sealed record Table(string Name, IReadOnlyList<(IProperty Property, string Column, RelationalTypeMapping Mapping)> Columns,
        IProperty Key, IProperty? NaturalKey, string[] Returned, ISqlGenerationHelper Sql, bool SqlServer)
    {
        public static Table Of<T>(DbContext db, string? naturalKey)
        {
            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            var name = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
            var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
            var key = entity.FindPrimaryKey()?.Properties is [var single] && single.ValueGenerated == ValueGenerated.OnAdd
                ? single
                : throw new InvalidOperationException($"{typeof(T).Name} needs a single database-generated key for a bulk insert.");
            if (entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entity.GetProperties().Any(p => p.IsShadowProperty()))
                throw new InvalidOperationException($"{typeof(T).Name} has owned or shadow values a bulk insert cannot read; save it with SaveChanges.");
            var columns = entity.GetProperties().Where(p => p != key)
                .Select(p => (p, p.GetColumnName(store) ?? throw new InvalidOperationException($"{p.Name} has no column."),
                    (RelationalTypeMapping)p.GetRelationalTypeMapping()))
                .ToList();
            var natural = naturalKey is null ? null
                : entity.FindProperty(naturalKey) ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {naturalKey}.");
            var sqlServer = db.Database.IsSqlServer();
            if (!sqlServer && !db.Database.IsSqlite())
                throw new NotSupportedException($"Bulk inserts know SQLite and SQL Server, not {db.Database.ProviderName}.");
            var sql = db.GetService<ISqlGenerationHelper>();
            string[] returned = natural is null ? [] : [sql.DelimitIdentifier(key.GetColumnName(store)!), sql.DelimitIdentifier(natural.GetColumnName(store)!)];
            return new Table(store.Name, columns, key, natural, returned, sql, sqlServer);
        }

        /// <summary>The INSERT of <paramref name="rows"/>, its parameters added to <paramref name="command"/>.</summary>
        public string Statement<T>(DbCommand command, IReadOnlyList<T> rows) where T : class
        {
            var sql = new StringBuilder("INSERT INTO ").Append(Sql.DelimitIdentifier(Name)).Append(" (")
                .AppendJoin(", ", Columns.Select(c => Sql.DelimitIdentifier(c.Column))).Append(')');
            // The generated key and the natural key come back: OUTPUT on SQL Server, RETURNING on SQLite.
            if (Returned.Length > 0 && SqlServer) sql.Append(" OUTPUT ").AppendJoin(", ", Returned.Select(c => "INSERTED." + c));
            sql.Append(" VALUES ");
            for (var r = 0; r < rows.Count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Count; c++)
                {
                    var (property, _, mapping) = Columns[c];
                    var name = $"p{r * Columns.Count + c}";
                    // The mapping converts the value (enums to text, dates to UTC) and types the parameter as SaveChanges does.
                    command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(rows[r]), property.IsNullable));
                    sql.Append(c == 0 ? "" : ", ").Append(Sql.GenerateParameterNamePlaceholder(name));
                }
                sql.Append(')');
            }
            if (Returned.Length > 0 && !SqlServer) sql.Append(" RETURNING ").AppendJoin(", ", Returned);
            return sql.Append(Sql.StatementTerminator).ToString();
        }
    }
}
