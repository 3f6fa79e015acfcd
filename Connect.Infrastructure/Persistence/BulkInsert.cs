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
/// connection, inside its current transaction. Values owned by the row in its own table (an order's customer, address
/// and totals) are written in its columns, as SaveChanges writes them. Nothing here asks for stock exports: a caller that
/// inserts rows changing a sellable quantity (orders, their lines) asks for them itself with
/// <see cref="Inventory.StockExportQueue.EnqueueForProductsAsync"/>, in the same transaction.
/// </summary>
internal static class BulkInsert
{
    // SQL Server takes at most 2,100 parameters per command and 1,000 rows per VALUES list. SQLite takes more, but
    // Microsoft.Data.Sqlite looks each parameter up by name among all of the statement's (quadratic): a few dozen rows
    // of a dozen columns per statement is where the per-statement cost and the binding cost meet.
    // A profile of the order import showed that search (native, in SQLite) as the largest cost at 999 parameters.
    private const int MaxParameters = 250;
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
        RunAsync(db, rows, naturalKey, ct, attach: true);

    /// <summary>
    /// Inserts the rows and gives each its generated key, matched back by <paramref name="naturalKey"/> as in
    /// <see cref="InsertAndAttachAsync"/>, but leaves them untracked: for rows whose dependents are inserted next by
    /// <see cref="InsertAsync"/> (an order, then its lines), never changed again in this context.
    /// </summary>
    public static Task InsertWithKeysAsync<T>(DbContext db, IReadOnlyCollection<T> rows, string naturalKey, CancellationToken ct) where T : class =>
        RunAsync(db, rows, naturalKey, ct, attach: false);

    /// <summary>
    /// Sets a key that names another row (an order line's order) on an untracked row, through the model, as SaveChanges'
    /// fix-up does for tracked ones: the dependents of rows inserted by <see cref="InsertWithKeysAsync"/> learn their
    /// principal's key before their own insert. The row's own key is not settable here.
    /// </summary>
    public static void FixUp<T>(DbContext db, T row, string property, object? value) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var reference = entity.FindProperty(property) is { } p && !p.IsPrimaryKey()
            ? p
            : throw new InvalidOperationException($"{typeof(T).Name}.{property} is not a column that names another row.");
        Set(reference, row, value);
    }

    // Through the backing field where the model has one (as EF materializes), else the property's own (private) setter.
    private static void Set(IProperty property, object row, object? value)
    {
        if (property.FieldInfo is { } field) field.SetValue(row, value);
        else if (property.PropertyInfo is { } info) info.SetValue(row, value);
        else throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} has neither field nor property to set.");
    }

    private static async Task RunAsync<T>(DbContext db, IReadOnlyCollection<T> rows, string? naturalKey, CancellationToken ct, bool attach = false) where T : class
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
                    var value = Convert.ChangeType(key, table.Key.ClrType, System.Globalization.CultureInfo.InvariantCulture);
                    if (!attach)
                    {
                        Set(table.Key, byNaturalKey[matched], value);
                        continue;
                    }
                    var entry = db.Entry(byNaturalKey[matched]);
                    entry.Property(table.Key.Name).CurrentValue = value;
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
    private sealed record Table(string Name, IReadOnlyList<Column> Columns,
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
            var owned = entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).ToList();
            if (entity.GetProperties().Any(p => p.IsShadowProperty())
                || owned.Any(n => n.IsCollection || n.TargetEntityType.GetTableName() != name
                    || n.TargetEntityType.GetNavigations().Any(o => o.TargetEntityType.IsOwned())
                    || n.TargetEntityType.GetProperties().Any(p => p.IsShadowProperty() && !p.IsPrimaryKey())))
                throw new InvalidOperationException($"{typeof(T).Name} has owned or shadow values a bulk insert cannot read; save it with SaveChanges.");
            var columns = entity.GetProperties().Where(p => p != key)
                .Select(p => Column.Of(p, store, row => p.GetGetter().GetClrValue(row)))
                .Concat(owned.SelectMany(n => n.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey())
                    // An owned value in the row's own table: its columns, null when the row has no such value.
                    .Select(p => Column.Of(p, store, row => n.GetGetter().GetClrValue(row) is { } value ? p.GetGetter().GetClrValue(value) : null))))
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
                .AppendJoin(", ", Columns.Select(c => Sql.DelimitIdentifier(c.Name))).Append(')');
            // The generated key and the natural key come back: OUTPUT on SQL Server, RETURNING on SQLite.
            if (Returned.Length > 0 && SqlServer) sql.Append(" OUTPUT ").AppendJoin(", ", Returned.Select(c => "INSERTED." + c));
            sql.Append(" VALUES ");
            for (var r = 0; r < rows.Count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Count; c++)
                {
                    var column = Columns[c];
                    var name = $"p{r * Columns.Count + c}";
                    // The mapping converts the value (enums to text, dates to UTC) and types the parameter as SaveChanges does.
                    // Named as in the statement (with its prefix): Microsoft.Data.Sqlite binds a bare name by trying each prefix in
                    // turn, which cost more than the whole insert.
                    command.Parameters.Add(column.Mapping.CreateParameter(command, Sql.GenerateParameterName(name), column.Read(rows[r]), column.Nullable));
                    sql.Append(c == 0 ? "" : ", ").Append(Sql.GenerateParameterNamePlaceholder(name));
                }
                sql.Append(')');
            }
            if (Returned.Length > 0 && !SqlServer) sql.Append(" RETURNING ").AppendJoin(", ", Returned);
            return sql.Append(Sql.StatementTerminator).ToString();
        }
    }

    /// <summary>One column of the statement: its name, how its value is read from a row, its type mapping.</summary>
    private sealed record Column(string Name, Func<object, object?> Read, RelationalTypeMapping Mapping, bool Nullable)
    {
        public static Column Of(IProperty property, StoreObjectIdentifier store, Func<object, object?> read) =>
            new(property.GetColumnName(store) ?? throw new InvalidOperationException($"{property.Name} has no column."), read,
                (RelationalTypeMapping)property.GetRelationalTypeMapping(), property.IsNullable);
    }
}
