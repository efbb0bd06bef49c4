using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Catalogue;

/// <summary>
/// One scalar value of a stored record (<see cref="DatasetRecord"/>), so the data API filters stored datasets in SQL
/// through an index instead of reading their JSON. Written with the record (<see cref="DataHubDbContext"/> adds them
/// for every new record); records are never changed afterwards.
/// </summary>
internal sealed class DatasetRecordValue
{
    public long RecordId { get; init; }

    public required string DatasetCode { get; init; }

    public required string Field { get; init; }

    /// <summary><c>s:</c> + the text of a string or boolean, <c>n:</c> + the canonical form of a number (<see cref="RecordValues.Canonical"/>).</summary>
    public required string Value { get; init; }
}

internal sealed class DatasetRecordValueConfiguration : IEntityTypeConfiguration<DatasetRecordValue>
{
    public void Configure(EntityTypeBuilder<DatasetRecordValue> b)
    {
        b.ToTable("datahub_record_values");
        b.HasKey(v => new { v.RecordId, v.Field });
        b.Property(v => v.DatasetCode).HasMaxLength(80);
        b.Property(v => v.Field).HasMaxLength(80);
        b.Property(v => v.Value).HasMaxLength(RecordValues.MaxLength);
        // Filter lookups: dataset, field and value give the record ids without touching the table.
        b.HasIndex(v => new { v.DatasetCode, v.Field, v.Value, v.RecordId });
    }
}

/// <summary>
/// How record values are indexed and filters matched, so that SQL equality gives exactly what comparing the parsed JSON
/// did: a string or boolean matches the filter's text exactly (ordinal); a number matches a filter that parses as the
/// same decimal (<c>1.50</c> matches <c>1.5</c>); null, objects and arrays match nothing and are not indexed.
/// </summary>
internal static class RecordValues
{
    /// <summary>Longer values are not indexed: no valid filter is that long (<see cref="MaxFilterLength"/>).</summary>
    public const int MaxLength = 210;

    public const int MaxFilterLength = 200;

    /// <summary>The same decimal value always gives the same text, whatever its scale (trailing zeros dropped).</summary>
    public static string Canonical(decimal d) => d == 0 ? "0" : d.ToString("G29", CultureInfo.InvariantCulture);

    /// <summary>The index values a filter matches: as text, and as a number when it parses as one.</summary>
    public static (string Text, string Number) FilterKeys(string filter) =>
        ("s:" + filter, decimal.TryParse(filter, NumberStyles.Number, CultureInfo.InvariantCulture, out var x) ? "n:" + Canonical(x) : "s:" + filter);

    public static List<DatasetRecordValue> Of(long recordId, string datasetCode, string json)
    {
        var result = new List<DatasetRecordValue>();
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        // The last of duplicate names wins, as when the record is read.
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            values[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => "s:" + p.Value.GetString(),
                JsonValueKind.True => "s:true",
                JsonValueKind.False => "s:false",
                JsonValueKind.Number when p.Value.TryGetDecimal(out var d) => "n:" + Canonical(d),
                _ => null,
            };
        }

        foreach (var (field, value) in values)
        {
            if (value is not null && value.Length <= MaxLength && field.Length <= 80 && !value.Contains('\0', StringComparison.Ordinal))
            {
                result.Add(new DatasetRecordValue { RecordId = recordId, DatasetCode = datasetCode, Field = field, Value = value });
            }
        }

        return result;
    }

    /// <summary>Indexes records stored before the index existed (once, at start-up; a no-op afterwards).</summary>
    public static async Task BackfillAsync(DataHubDbContext db, CancellationToken ct)
    {
        long last = 0;
        while (true)
        {
            var batch = await db.Set<DatasetRecord>().AsNoTracking()
                .Where(r => r.Id > last && !db.Set<DatasetRecordValue>().Any(v => v.RecordId == r.Id))
                .OrderBy(r => r.Id).Take(1000).Select(r => new { r.Id, r.DatasetCode, r.Json }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var r in batch)
            {
                db.AddRange(Of(r.Id, r.DatasetCode, r.Json));
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            last = batch[^1].Id;
        }
    }
}
