using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OneCity.Platform.Data;

/// <summary>
/// Inserts many new rows of one entity type with multi-row INSERT statements on the context's connection and current
/// transaction. Table, columns and value conversions come from the EF model, so a row is stored exactly as
/// <c>SaveChanges</c> would store it; the change tracker is not involved, which is the point: for hundreds of small rows
/// per batch its per-row work costs more than the database's. The caller sets foreign keys itself. A failed statement
/// throws <see cref="DbUpdateException"/>, as <c>SaveChanges</c> would.
/// </summary>
public static class RowInserter
{
    /// <summary>Inserts the rows; their generated keys stay unset (for rows nothing reads back in the same unit of work).</summary>
    public static Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class => InsertAsync(db, rows, null, ct);

    /// <summary>
    /// Inserts the rows and reads back each row's generated key (<c>RETURNING</c>, on SQLite and PostgreSQL), matched to
    /// its row by a unique text property, since neither database promises to return rows in the order of the VALUES.
    /// </summary>
    public static Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, string uniqueProperty, Action<T, long> setKey, CancellationToken ct)
        where T : class => InsertAsync(db, rows, new KeyReader<T>(uniqueProperty, setKey), ct);

    private static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, KeyReader<T>? keys, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var shape = Shapes.GetValue(db.Model, static _ => new ShapeCache()).Get<T>(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows are inserted inside the caller's transaction.");
        var perStatement = DatabaseOptions.RowsPerStatement(db.Database, shape.Columns.Length);
        try
        {
            for (var start = 0; start < rows.Count;)
            {
                var count = RowsInStatement(shape, rows, start, perStatement);
                await using var command = transaction.Connection!.CreateCommand();
                command.Transaction = transaction;
                var sql = new StringBuilder(shape.Prefix);
                for (var r = 0; r < count; r++)
                {
                    sql.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < shape.Columns.Length; c++)
                    {
                        var name = string.Create(CultureInfo.InvariantCulture, $"@r{r}c{c}");
                        sql.Append(c == 0 ? "" : ", ").Append(name);
                        var (property, mapping) = shape.Columns[c];
                        command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValue(rows[start + r]), property.IsNullable));
                    }

                    sql.Append(')');
                }

                if (keys is null)
                {
                    command.CommandText = sql.ToString();
                    await command.ExecuteNonQueryAsync(ct);
                    start += count;
                    continue;
                }

                var (uniqueProperty, uniqueColumn) = shape.Unique[keys.UniqueProperty];
                command.CommandText = sql.Append(" RETURNING ").Append(shape.Key).Append(", ").Append(uniqueColumn).ToString();
                var byUnique = new Dictionary<string, T>(count, StringComparer.Ordinal);
                for (var r = 0; r < count; r++)
                {
                    byUnique.Add((string)uniqueProperty.GetGetter().GetClrValue(rows[start + r])!, rows[start + r]);
                }

                await using var reader = await command.ExecuteReaderAsync(ct);
                var returned = 0;
                while (await reader.ReadAsync(ct))
                {
                    keys.SetKey(byUnique[reader.GetString(1)], reader.GetInt64(0));
                    returned++;
                }

                if (returned != count)
                {
                    throw new InvalidOperationException($"{count} {typeof(T).Name} rows inserted but {returned} keys returned.");
                }

                start += count;
            }
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Inserting {typeof(T).Name} rows failed: {e.Message}", e);
        }
    }

    /// <summary>Most bytes of binary values in one statement (a PostgreSQL protocol message may not exceed 1 GiB).</summary>
    private const long BytesPerStatement = 32L * 1024 * 1024;

    /// <summary>How many rows from <paramref name="start"/> go in the next statement: the parameter budget, and the byte budget when the rows carry binary values (at least one row).</summary>
    private static int RowsInStatement<T>(Shape shape, IReadOnlyList<T> rows, int start, int perStatement)
        where T : class
    {
        var count = Math.Min(perStatement, rows.Count - start);
        if (shape.Binary.Length == 0)
        {
            return count;
        }

        long bytes = 0;
        for (var r = 0; r < count; r++)
        {
            foreach (var property in shape.Binary)
            {
                bytes += (property.GetGetter().GetClrValue(rows[start + r]) as byte[])?.Length ?? 0;
            }

            if (bytes > BytesPerStatement && r > 0)
            {
                return r;
            }
        }

        return count;
    }

    private sealed record KeyReader<T>(string UniqueProperty, Action<T, long> SetKey);

    // The statement's head and columns per entity type, worked out once per model (one per provider, and per host in tests).
    private static readonly ConditionalWeakTable<IModel, ShapeCache> Shapes = [];

    /// <param name="Unique">The properties with a unique single-column index of text, and their columns (to match returned keys).</param>
    private sealed record Shape(string Prefix, string Key, (IProperty Property, RelationalTypeMapping Mapping)[] Columns, IReadOnlyDictionary<string, (IProperty Property, string Column)> Unique)
    {
        public IProperty[] Binary { get; } = Columns.Where(c => c.Property.ClrType == typeof(byte[])).Select(c => c.Property).ToArray();
    }

    private sealed class ShapeCache
    {
        private readonly Dictionary<Type, Shape> shapes = [];

        public Shape Get<T>(DbContext db)
        {
            lock (shapes)
            {
                if (!shapes.TryGetValue(typeof(T), out var shape))
                {
                    var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
                    var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
                    var sql = db.GetService<ISqlGenerationHelper>();
                    var key = entity.FindPrimaryKey()!.Properties[0];
                    // Values the database would generate (defaults, computed columns) are SaveChanges' business: refused here.
                    if (entity.GetProperties().FirstOrDefault(p => !p.IsPrimaryKey() && (p.ValueGenerated != ValueGenerated.Never
                        || p.GetDefaultValueSql(table) is not null || p.GetComputedColumnSql(table) is not null)) is { } generated)
                    {
                        throw new InvalidOperationException($"{typeof(T).Name}.{generated.Name} is generated by the database; insert {typeof(T).Name} with SaveChanges.");
                    }

                    // Every stored property but generated keys.
                    var columns = entity.GetProperties()
                        .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never) && p.GetColumnName(table) is not null)
                        .Select(p => (Property: p, Mapping: (RelationalTypeMapping)p.GetTypeMapping()))
                        .ToArray();
                    var prefix = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ("
                        + string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!))) + ") VALUES ";
                    var unique = entity.GetIndexes().Where(i => i.IsUnique && i.Properties.Count == 1 && i.Properties[0].ClrType == typeof(string))
                        .Select(i => i.Properties[0]).ToDictionary(p => p.Name, p => (Property: p, Column: sql.DelimitIdentifier(p.GetColumnName(table)!)));
                    shapes[typeof(T)] = shape = new Shape(prefix, sql.DelimitIdentifier(key.GetColumnName(table)!), columns, unique);
                }

                return shape;
            }
        }
    }
}
