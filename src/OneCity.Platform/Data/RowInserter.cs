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
/// transaction, for rows nobody reads back in the same unit of work (their generated keys stay unset). Table, columns
/// and value conversions come from the EF model, so a row is stored exactly as <c>SaveChanges</c> would store it; the
/// change tracker is not involved, which is the point: for thousands of small rows per batch its per-row work costs more
/// than the database's.
/// </summary>
public static class RowInserter
{
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct)
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
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
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

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    // The statement's head and columns per entity type, worked out once per model (one per provider, and per host in tests).
    private static readonly ConditionalWeakTable<IModel, ShapeCache> Shapes = [];

    private sealed record Shape(string Prefix, (IProperty Property, RelationalTypeMapping Mapping)[] Columns);

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
                    // Every stored property but generated keys.
                    var columns = entity.GetProperties()
                        .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never) && p.GetColumnName(table) is not null)
                        .Select(p => (Property: p, Mapping: (RelationalTypeMapping)p.GetTypeMapping()))
                        .ToArray();
                    var prefix = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ("
                        + string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!))) + ") VALUES ";
                    shapes[typeof(T)] = shape = new Shape(prefix, columns);
                }

                return shape;
            }
        }
    }
}
