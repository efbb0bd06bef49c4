using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using OneCity.Platform.Audit;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Geography;

internal sealed record UploadedFeature(int Index, string Code, Geometry Geometry);

/// <summary>
/// What an administrator's boundary upload changed. <see cref="Reverted"/>: surveyed boundaries further down that no
/// longer fit inside the new ones and were set back to synthetic (upload them again to restore them).
/// <see cref="GridJurisdictionsLost"/>: accounts (user names) whose jurisdiction is a unit grid that the regenerated
/// lattice no longer has; they see nothing until an administrator assigns them again.
/// </summary>
internal sealed record BoundaryReplacement(
    string Level, string Crs, int Replaced, IReadOnlyList<string> Codes, int SyntheticRebuilt, int Grids, IReadOnlyList<string> Reverted,
    IReadOnlyList<string> GridJurisdictionsLost);

/// <summary>
/// Replaces one level's boundaries from an uploaded GeoJSON FeatureCollection: parse and check everything
/// first, rebuild synthetic descendants, grids and the index in memory, then store it all in one
/// transaction and swap the index. Any error leaves both the database and the index as they were.
/// </summary>
internal sealed class BoundaryUpload(PlatformDbContext db, AreaLocator locator, AuditLedger ledger, TimeProvider clock)
{
    public const long MaxBytes = 50 * 1024 * 1024;
    private const int MaxReportedErrors = 20;

    // One replacement at a time: each one rebuilds the whole geography from what the previous one stored.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Why <c>level=grid</c> is refused: unit grids are not polygons anyone draws, but cells of the fixed lattice.</summary>
    public const string GridsAreNotUploaded =
        "unit grids cannot be uploaded: they are cells of the fixed 100 m lattice (the spatial index's raster), one per cell whose centre lies in a neighbourhood of an urban district, "
        + "and are regenerated from the neighbourhood boundaries after every upload; upload district, subdistrict or neighbourhood boundaries instead";

    /// <summary>True for the names an administrator might use for the unit-grid level.</summary>
    public static bool IsGridLevel(string? text) => text?.Trim().ToLowerInvariant() is "grid" or "grids" or "unit-grid" or "unitgrid";

    public static AreaLevel? ParseLevel(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "district" => AreaLevel.District,
        "subdistrict" => AreaLevel.Subdistrict,
        "neighbourhood" or "neighborhood" => AreaLevel.Neighbourhood,
        _ => null,
    };

    /// <summary>Parses a FeatureCollection (or a single Feature) into codes and WGS84 geometries; problems go to <paramref name="errors"/>.</summary>
    public static List<UploadedFeature> Parse(string json, CoordinateSystem crs, string? codeProperty, FieldErrors errors)
    {
        var result = new List<UploadedFeature>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            errors.Add("file", "not valid JSON: " + ex.Message);
            return result;
        }

        using (doc)
        {
            var root = doc.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            IEnumerable<JsonElement> features;
            if (type == "FeatureCollection" && root.TryGetProperty("features", out var fs) && fs.ValueKind == JsonValueKind.Array)
            {
                features = fs.EnumerateArray().ToList();
            }
            else if (type == "Feature")
            {
                features = [root];
            }
            else
            {
                errors.Add("file.type", "must be a GeoJSON FeatureCollection with a features array");
                return result;
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = -1;
            foreach (var feature in features)
            {
                i++;
                if (CountErrors(errors) >= MaxReportedErrors)
                {
                    break;
                }

                var at = $"file.features[{i.ToString(CultureInfo.InvariantCulture)}]";
                if (feature.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(at, "must be a Feature object");
                    continue;
                }

                var code = CodeOf(feature, codeProperty);
                var codeField = $"{at}.properties.{codeProperty ?? "code"}";
                if (code is null)
                {
                    errors.Add(codeField, "required: the area code (property " + (codeProperty ?? "code or adcode") + ")");
                }
                else if (seen.TryGetValue(code, out var first))
                {
                    errors.Add(codeField, $"duplicate code {code} (also in feature {first.ToString(CultureInfo.InvariantCulture)})");
                }
                else
                {
                    seen[code] = i;
                }

                var geometry = GeometryOf(feature, crs, at + ".geometry", errors);
                if (code is not null && geometry is not null)
                {
                    result.Add(new UploadedFeature(i, code, geometry));
                }
            }

            if (i < 0)
            {
                errors.Add("file.features", "must contain at least one feature");
            }
        }

        return result;
    }

    /// <summary>Replaces the boundaries; returns field errors (nothing stored) or what changed.</summary>
    public async Task<(BoundaryReplacement? Done, FieldErrors Errors)> ReplaceAsync(
        AreaLevel level, CoordinateSystem crs, string fileName, IReadOnlyList<UploadedFeature> features, CurrentUser actor, CancellationToken ct,
        bool revertNested = false)
    {
        var errors = new FieldErrors();
        await Gate.WaitAsync(ct);
        try
        {
            var entities = await db.Set<GeoArea>().ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);
            var shapes = entities.Values.AsParallel().Select(AreaShape.From).ToDictionary(a => a.Code, StringComparer.Ordinal);
            var levelName = level.ToString().ToLowerInvariant();
            foreach (var f in features)
            {
                if (!shapes.TryGetValue(f.Code, out var shape) || shape.Level != level)
                {
                    errors.Add($"file.features[{f.Index.ToString(CultureInfo.InvariantCulture)}].properties.code", $"no {levelName} with code {f.Code}");
                }
            }

            if (errors.Any)
            {
                return (null, errors);
            }

            // Below district level a surveyed boundary must lie within the nearest surveyed area above it
            // (give or take ~200 m, clipped); further out is a wrong code or crs: 400, nothing stored.
            var containment = new Containment(shapes);
            var fitted = new Dictionary<string, Geometry>(StringComparer.Ordinal);
            foreach (var f in features.Where(_ => level != AreaLevel.District))
            {
                var ancestor = containment.SurveyedAncestor(shapes[f.Code]);
                if (ancestor is null)
                {
                    continue;
                }

                var fit = containment.Fit(f.Geometry, ancestor, out var outside);
                if (fit is null)
                {
                    errors.Add($"file.features[{f.Index.ToString(CultureInfo.InvariantCulture)}].geometry", string.Create(CultureInfo.InvariantCulture,
                        $"must lie within {ancestor.Level.ToString().ToLowerInvariant()} {ancestor.Code} {ancestor.NameZh} (the nearest area above {f.Code} with a surveyed boundary), give or take about 200 m: {outside:P0} of it lies outside. Wrong code, or a different crs than declared ({Gcj02.Name(crs)})?"));
                }
                else
                {
                    fitted[f.Code] = fit;
                }
            }

            if (errors.Any)
            {
                return (null, errors);
            }

            var now = clock.GetUtcNow();
            var source = $"uploaded {fileName} by {actor.UserName} at {now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z, declared {Gcj02.Name(crs)}";
            var uploaded = features.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
            foreach (var f in features)
            {
                var shape = shapes[f.Code];
                shape.Geometry = fitted.GetValueOrDefault(f.Code) ?? f.Geometry;
                shape.Synthetic = false;
                shape.Source = source;
            }

            // Surveyed boundaries further down keep nesting: clipped to their new surveyed ancestor, or, when they
            // no longer fit it at all, set back to synthetic (re-synthesised below) and reported. Top-down, so a
            // neighbourhood is checked against its subdistrict as it stands after this step.
            var reverted = new List<string>();
            var changed = new HashSet<string>(uploaded, StringComparer.Ordinal);
            foreach (var shape in shapes.Values.Where(a => a.Level > level && a.Level <= AreaLevel.Neighbourhood && !a.Synthetic
                         && a.Geometry is { IsEmpty: false }).OrderBy(a => a.Level).ThenBy(a => a.Code, StringComparer.Ordinal).ToList())
            {
                // Only below a boundary that changed now: the others were checked when they were stored.
                var ancestor = containment.SurveyedAncestor(shape);
                if (ancestor is null || !changed.Contains(ancestor.Code))
                {
                    continue;
                }

                var fit = containment.Fit(shape.Geometry!, ancestor, out _);
                if (fit is null)
                {
                    shape.Synthetic = true;
                    shape.Geometry = null;
                    reverted.Add(shape.Code);
                }
                else if (!ReferenceEquals(fit, shape.Geometry))
                {
                    shape.Geometry = fit;
                    changed.Add(shape.Code);
                }
            }

            // Surveyed boundaries are not given up by accident (a file in another crs than declared lies ~500 m off):
            // the administrator confirms, having seen which ones; until then nothing is stored.
            if (reverted.Count > 0 && !revertNested)
            {
                errors.Add("revertNested", string.Create(CultureInfo.InvariantCulture,
                    $"this upload would set {reverted.Count} surveyed boundaries below it back to synthetic ({string.Join(' ', reverted.Take(20))}{(reverted.Count > 20 ? " …" : "")}): check the file's codes and declared crs ({Gcj02.Name(crs)}), or confirm with revertNested=true"));
                return (null, errors);
            }

            var all = shapes.Values.ToList();
            if (level == AreaLevel.District)
            {
                GeographySnapshot.UniteCity(all);
            }

            var before = all.Where(a => a.Synthetic).ToDictionary(a => a.Code, a => entities[a.Code].GeometryJson, StringComparer.Ordinal);
            GeographySnapshot.Synthesise(all);
            var snapshot = GeographySnapshot.Build(all, null, GeographySnapshot.DefaultGriddedDistricts);

            var rebuilt = 0;
            await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            foreach (var shape in all)
            {
                var entity = entities[shape.Code];
                var json = shape.Geometry is null ? null : GeoJson.Write(shape.Geometry);
                if (json != entity.GeometryJson || entity.Synthetic != shape.Synthetic || entity.GeometrySource != shape.Source)
                {
                    if (shape.Synthetic && before.TryGetValue(shape.Code, out var old) && old != json)
                    {
                        rebuilt++;
                    }

                    entity.GeometryJson = json;
                    entity.Synthetic = shape.Synthetic;
                    entity.GeometrySource = shape.Source;
                    entity.UpdatedAt = now;
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await db.Set<GeoGrid>().ExecuteDeleteAsync(ct);
            await GeographyStore.InsertAsync(db, [], snapshot.Grids, ct);
            // Grid ids are stable where a neighbourhood's shape did not change; accounts on a grid that is gone are named.
            var lost = (await db.Users.AsNoTracking().Where(u => u.JurisdictionCode.Contains("-"))
                    .Select(u => new { u.UserName, u.JurisdictionCode }).ToListAsync(ct))
                .Where(u => !snapshot.GridIds.Contains(u.JurisdictionCode)).Select(u => u.UserName ?? "").Order(StringComparer.Ordinal).ToList();
            var done = new BoundaryReplacement(levelName, Gcj02.Name(crs), features.Count, features.Select(f => f.Code).ToList(), rebuilt, snapshot.Grids.Count, reverted, lost);
            await ledger.AppendAsync(actor, new AuditRecord("geo.boundaries.replaced", "area-level", levelName,
                Details: $"{done.Replaced} {levelName} boundaries from {fileName} (declared {done.Crs}): {string.Join(' ', done.Codes.Take(50))}; "
                    + $"{rebuilt} synthetic areas rebuilt; {done.Grids} grids"
                    + (reverted.Count == 0 ? "" : $"; set back to synthetic (no longer inside): {string.Join(' ', reverted.Take(50))}")
                    + (lost.Count == 0 ? "" : $"; accounts whose grid is gone: {string.Join(' ', lost.Take(50))}")), ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }

            locator.Replace(snapshot);
            return (done, errors);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static int CountErrors(FieldErrors errors) => errors.Any ? errors.ToProblem().ProblemDetails.Errors.Count : 0;

    private static string? CodeOf(JsonElement feature, string? codeProperty)
    {
        if (!feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in codeProperty is null ? ["code", "adcode"] : new[] { codeProperty })
        {
            if (props.TryGetProperty(name, out var v))
            {
                var text = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Number => v.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text.Trim();
                }
            }
        }

        return null;
    }

    private static Geometry? GeometryOf(JsonElement feature, CoordinateSystem crs, string field, FieldErrors errors)
    {
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, "required: a Polygon or MultiPolygon");
            return null;
        }

        Geometry geometry;
        try
        {
            geometry = GeoJson.Read(g);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            errors.Add(field, "not a valid GeoJSON geometry: " + ex.Message);
            return null;
        }

        if (geometry is not (Polygon or MultiPolygon))
        {
            errors.Add(field, $"must be a Polygon or MultiPolygon, not {geometry.GeometryType}");
            return null;
        }

        if (geometry.Coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90))
        {
            errors.Add(field, "coordinates must be longitude -180..180 and latitude -90..90");
            return null;
        }

        var wgs84 = GeoJson.MakeValidPolygonal(Gcj02.Convert(geometry, crs, CoordinateSystem.Wgs84));
        if (wgs84.IsEmpty || wgs84.Area <= 0)
        {
            errors.Add(field, "encloses no area");
            return null;
        }

        return wgs84;
    }
}
