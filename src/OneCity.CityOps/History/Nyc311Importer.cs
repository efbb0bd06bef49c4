using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Responsibility;

namespace OneCity.CityOps.History;

/// <summary>How another city's requests map onto OneCity (see DemoData/nyc311_mapping.json).</summary>
internal sealed record HistoryMapping(string Source, string TimeZone, IReadOnlyDictionary<string, string> ComplaintTypes, IReadOnlyDictionary<string, string> Agencies, IReadOnlyList<string> PlaceholderZips);

/// <summary>One kind of data problem, how many rows had it, and the first few row keys as examples.</summary>
internal sealed record ImportProblem(string Code, string Description, int Rows, IReadOnlyList<string> Examples);

internal sealed record ImportReport(string Source, bool DryRun, int Rows, int Imported, int AlreadyImported, int Rejected, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Imports the NYC 311 service-request export (NYC Open Data erm2-nwe9 columns) as foreign history: complaint types
/// mapped to categories and agencies to units by a configurable mapping. Data problems are reported, never silently
/// accepted: a row without a key or a readable creation time is rejected; a closing time before the creation, a
/// placeholder zip code, broken text encoding (repaired when it is UTF-8 read as Latin-1), missing coordinates and
/// unmapped types or agencies are recorded on the row and counted in the report.
/// </summary>
internal sealed partial class Nyc311Importer(CityOpsDbContext db, CategoryTree categories, Router router, TimeProvider clock)
{
    public const int MaxRows = 200_000;

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["missing-key"] = "no Unique Key: row rejected",
        ["bad-created-date"] = "Created Date missing or unreadable: row rejected",
        ["duplicate-key"] = "the same Unique Key twice in the file: later rows rejected",
        ["closed-before-created"] = "Closed Date earlier than Created Date: closing time dropped",
        ["bad-closed-date"] = "Closed Date unreadable: closing time dropped",
        ["placeholder-zip"] = "placeholder or malformed Incident Zip (e.g. 88888): zip dropped",
        ["broken-encoding"] = "text in broken encoding (UTF-8 read as Latin-1, e.g. 'â'): repaired",
        ["missing-coordinates"] = "no Latitude/Longitude",
        ["bad-coordinates"] = "Latitude/Longitude unreadable or out of range: dropped",
        ["unmapped-category"] = "Complaint Type not in the mapping: no category",
        ["unmapped-agency"] = "Agency not in the mapping: no unit",
    };

    public static HistoryMapping DefaultMapping() => ParseMapping(CategoryTree.ReadResource("nyc311_mapping.json"))!;

    /// <summary>A mapping file, or null when it is not valid JSON of the expected shape.</summary>
    public static HistoryMapping? ParseMapping(string json)
    {
        try
        {
            var file = JsonSerializer.Deserialize<MappingFile>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
            return file?.Source is null || file.ComplaintTypes is null || file.Agencies is null ? null
                : new HistoryMapping(file.Source, file.TimeZone ?? "America/New_York", file.ComplaintTypes, file.Agencies, file.PlaceholderZips ?? []);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Mapping entries naming categories or units OneCity does not have.</summary>
    public IReadOnlyList<string> CheckMapping(HistoryMapping mapping) =>
        mapping.ComplaintTypes.Where(p => !CategoryTree.IsAssignable(categories.Find(p.Value))).Select(p => $"complaintTypes.{p.Key}: no category {p.Value}")
            .Concat(mapping.Agencies.Where(p => !router.UnitExists(p.Value)).Select(p => $"agencies.{p.Key}: no unit {p.Value}"))
            .ToList();

    public async Task<ImportReport> ImportAsync(Stream csv, HistoryMapping mapping, bool dryRun, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(mapping.TimeZone);
        var problems = new Dictionary<string, (int Rows, List<string> Examples)>(StringComparer.Ordinal);
        void Problem(string code, string key)
        {
            var p = problems.TryGetValue(code, out var x) ? x : (0, new List<string>());
            if (p.Item2.Count < 5)
            {
                p.Item2.Add(key);
            }

            problems[code] = (p.Item1 + 1, p.Item2);
        }

        var now = clock.GetUtcNow();
        var records = new List<HistoryRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        var rejected = 0;
        using var reader = Sylvan.Data.Csv.CsvDataReader.Create(new StreamReader(csv, Encoding.UTF8));
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            columns.TryAdd(reader.GetName(i).Trim(), i);
        }

        int Col(string name) => columns.GetValueOrDefault(name, -1);

        var cKey = Col("Unique Key");
        var cCreated = Col("Created Date");
        var cClosed = Col("Closed Date");
        var cAgency = Col("Agency");
        var cType = Col("Complaint Type");
        var cDescriptor = Col("Descriptor");
        var cZip = Col("Incident Zip");
        var cStatus = Col("Status");
        var cResolution = Col("Resolution Description");
        var cChannel = Col("Open Data Channel Type");
        var cLat = Col("Latitude");
        var cLon = Col("Longitude");
        if (cKey < 0 || cCreated < 0 || cType < 0 || cAgency < 0)
        {
            throw new InvalidDataException("The file lacks the NYC 311 columns Unique Key, Created Date, Complaint Type and Agency.");
        }

        string Get(int c) => c < 0 || c >= reader.FieldCount ? "" : reader.GetString(c).Trim();
        while (await reader.ReadAsync(ct))
        {
            if (++rows > MaxRows)
            {
                throw new InvalidDataException($"At most {MaxRows} rows per import.");
            }

            var key = Get(cKey);
            if (key.Length is 0 or > 40)
            {
                Problem("missing-key", $"row {rows}");
                rejected++;
                continue;
            }

            if (!seen.Add(key))
            {
                Problem("duplicate-key", key);
                rejected++;
                continue;
            }

            if (ParseTime(Get(cCreated), zone) is not { } created)
            {
                Problem("bad-created-date", key);
                rejected++;
                continue;
            }

            var found = new List<string>();
            DateTimeOffset? closed = null;
            var closedText = Get(cClosed);
            if (closedText.Length > 0)
            {
                closed = ParseTime(closedText, zone);
                if (closed is null)
                {
                    found.Add("bad-closed-date");
                }
                else if (closed < created)
                {
                    found.Add("closed-before-created");
                    closed = null;
                }
            }

            var zip = Get(cZip);
            if (zip.Length > 0 && (mapping.PlaceholderZips.Contains(zip) || !ZipPattern().IsMatch(zip)))
            {
                found.Add("placeholder-zip");
                zip = "";
            }

            var text = string.Join(" — ", new[] { Get(cDescriptor), Get(cResolution) }.Where(t => t.Length > 0));
            if (LooksMisdecoded(text))
            {
                found.Add("broken-encoding");
                text = Repair(text);
            }

            double? lat = null, lon = null;
            var latText = Get(cLat);
            var lonText = Get(cLon);
            if (latText.Length == 0 || lonText.Length == 0)
            {
                found.Add("missing-coordinates");
            }
            else if (double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var la) && la is >= -90 and <= 90
                     && double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lo) && lo is >= -180 and <= 180)
            {
                (lat, lon) = (la, lo);
            }
            else
            {
                found.Add("bad-coordinates");
            }

            var type = Get(cType);
            var category = mapping.ComplaintTypes.GetValueOrDefault(type);
            if (category is null)
            {
                found.Add("unmapped-category");
            }

            var agency = Get(cAgency);
            var unit = mapping.Agencies.GetValueOrDefault(agency);
            if (unit is null)
            {
                found.Add("unmapped-agency");
            }

            foreach (var f in found)
            {
                Problem(f, key);
            }

            records.Add(new HistoryRecord
            {
                Source = mapping.Source, ExternalId = key, CategoryCode = category, SourceCategory = Cut(type, 120), UnitCode = unit, SourceAgency = Cut(agency, 40),
                CreatedAt = created, ClosedAt = closed, Status = Cut(Get(cStatus), 40), Latitude = lat, Longitude = lon, Zip = zip.Length == 0 ? null : zip,
                Channel = Cut(Get(cChannel), 20), Text = Cut(text, 4000), Problems = found.Count == 0 ? null : string.Join(',', found), ImportedAt = now,
            });
        }

        var keys = records.Select(r => r.ExternalId).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(1000))
        {
            existing.UnionWith(await db.Set<HistoryRecord>().AsNoTracking().Where(r => r.Source == mapping.Source && chunk.Contains(r.ExternalId)).Select(r => r.ExternalId).ToListAsync(ct));
        }

        var fresh = records.Where(r => !existing.Contains(r.ExternalId)).ToList();
        if (!dryRun && fresh.Count > 0)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var chunk in fresh.Chunk(1000))
            {
                db.AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            await tx.CommitAsync(ct);
        }

        return new ImportReport(mapping.Source, dryRun, rows, dryRun ? 0 : fresh.Count, existing.Count, rejected,
            problems.OrderByDescending(p => p.Value.Rows).Select(p => new ImportProblem(p.Key, Descriptions[p.Key], p.Value.Rows, p.Value.Examples)).ToList());
    }

    private static DateTimeOffset? ParseTime(string text, TimeZoneInfo zone)
    {
        if (!DateTime.TryParseExact(text, "MM/dd/yyyy hh:mm:ss tt", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>UTF-8 bytes that were decoded as Latin-1 / Windows-1252 show as 'â' or 'Ã' followed by C1 or Latin-1 characters.</summary>
    internal static bool LooksMisdecoded(string text) => MojibakePattern().IsMatch(text);

    internal static string Repair(string text)
    {
        try
        {
            var bytes = Encoding.Latin1.GetBytes(text);
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex ZipPattern();

    [GeneratedRegex(@"[âÃ][\u0080-\u00BF]")]
    private static partial Regex MojibakePattern();

    private sealed record MappingFile(string? Source, string? TimeZone, Dictionary<string, string>? ComplaintTypes, Dictionary<string, string>? Agencies, List<string>? PlaceholderZips);
}
