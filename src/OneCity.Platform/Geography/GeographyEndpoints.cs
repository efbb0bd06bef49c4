using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Geography;

internal sealed record AreaItem(string Code, string Name, string? NameEn, bool Synthetic);

internal sealed record GridItem(string Id, int Row, int Col);

internal sealed record LocateResponse(AreaItem District, AreaItem? Subdistrict, AreaItem? Neighbourhood, GridItem? Grid, string Crs);

internal sealed record AreaSummary(string Code, string Level, string? ParentCode, string Name, string? NameEn, bool Synthetic);

internal sealed record AreaResponse(
    string Code, string Level, string? ParentCode, string Name, string? NameEn, bool Synthetic, string Crs, string? Source,
    JsonElement? Geometry, IReadOnlyList<AreaSummary> Children, int Grids);

internal static partial class GeographyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/geo").WithTags("Geography");
        g.MapGet("/locate", Locate).AllowAnonymous()
            .WithSummary("Which district, subdistrict, neighbourhood and unit grid contain a point (lon, lat; crs=wgs84|gcj02).");
        g.MapGet("/areas", Search).AllowAnonymous()
            .WithSummary("Areas whose code starts with q or whose name contains q (level, limit optional).");
        g.MapGet("/areas/{code}/children.geojson", Children).AllowAnonymous()
            .WithSummary("The areas one level below an area (the city's districts, a district's subdistricts, a subdistrict's neighbourhoods) as a GeoJSON FeatureCollection in the requested crs (wgs84 default, gcj02), simplified to about 20 m, each with its synthetic flag, for maps that need no tile server.");
        g.MapGet("/areas/{code}", GetArea).AllowAnonymous()
            .WithSummary("One area (or unit grid) with its GeoJSON geometry in the requested crs; synthetic marks generated boundaries.");
        g.MapPost("/boundaries", Upload).RequireAuthorization(Policies.Administrator)
            // Bearer clients carry no antiforgery cookie; cookie callers are checked in the handler.
            .DisableAntiforgery()
            .WithSummary("Replace one level's boundaries from a GeoJSON file (multipart: file, level, crs[, codeProperty]).");
    }

    private static Results<Ok<LocateResponse>, ValidationProblem, ProblemHttpResult> Locate(string? lon, string? lat, string? crs, AreaLocator locator)
    {
        var errors = new FieldErrors();
        var x = Coordinate(lon, "lon", 180, errors);
        var y = Coordinate(lat, "lat", 90, errors);
        var system = CrsOf(crs, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var found = locator.Locate(x, y, system);
        if (found is null)
        {
            return Problems.NotFound(string.Create(CultureInfo.InvariantCulture,
                $"The point ({x}, {y}, {Gcj02.Name(system)}) is outside the city: no district contains it."));
        }

        return TypedResults.Ok(new LocateResponse(
            Item(found.District)!, Item(found.Subdistrict), Item(found.Neighbourhood),
            found.Grid is null ? null : new GridItem(found.Grid.Id, found.Grid.Row, found.Grid.Col), Gcj02.Name(system)));
    }

    private static Results<Ok<List<AreaSummary>>, ValidationProblem> Search(string? q, string? level, int? limit, AreaLocator locator)
    {
        var errors = new FieldErrors();
        AreaLevel? wanted = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (Enum.TryParse<AreaLevel>(level, ignoreCase: true, out var l) && Enum.IsDefined(l) && l != AreaLevel.Grid)
            {
                wanted = l;
            }
            else
            {
                errors.Add("level", "must be city, district, subdistrict or neighbourhood");
            }
        }

        if (limit is < 1 or > 200)
        {
            errors.Add("limit", "must be between 1 and 200");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var text = q?.Trim() ?? "";
        var found = locator.Snapshot.Areas.Values
            .Where(a => wanted is null || a.Level == wanted)
            .Where(a => text.Length == 0 || a.Code.StartsWith(text, StringComparison.Ordinal)
                || a.NameZh.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (a.NameEn?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(a => a.Level).ThenBy(a => a.Code, StringComparer.Ordinal)
            .Take(limit ?? 20)
            .Select(a => new AreaSummary(a.Code, LevelName(a.Level), a.ParentCode, a.NameZh, a.NameEn, a.Synthetic))
            .ToList();
        return TypedResults.Ok(found);
    }

    private static Results<ContentHttpResult, ValidationProblem, ProblemHttpResult> Children(string code, string? crs, AreaLocator locator)
    {
        var errors = new FieldErrors();
        var system = CrsOf(crs, errors);
        if (!AreaCodePattern().IsMatch(code) || code.Length > 9)
        {
            errors.Add("code", "must be the city (310000), a district (6 digits) or a subdistrict (9 digits) code");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var snapshot = locator.Snapshot;
        if (code != AreaCodes.City && !snapshot.Areas.ContainsKey(code))
        {
            return Problems.NotFound($"No area with code {code}.");
        }

        var json = snapshot.ChildrenGeoJson(code, system);
        return TypedResults.Content(json, "application/geo+json; charset=utf-8");
    }

    private static async Task<Results<Ok<AreaResponse>, ValidationProblem, ProblemHttpResult>> GetArea(
        string code, string? crs, PlatformDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var system = CrsOf(crs, errors);
        if (!AreaCodePattern().IsMatch(code) && !GridIdPattern().IsMatch(code))
        {
            errors.Add("code", "must be a 6-, 9- or 12-digit area code or a grid id like 310101002001-0042");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (GridIdPattern().IsMatch(code))
        {
            var grid = await db.Set<GeoGrid>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == code, ct);
            if (grid is null)
            {
                return Problems.NotFound($"No unit grid {code}.");
            }

            var square = Gcj02.Convert(GridLattice.Cell(grid.Row, grid.Col, GeoJson.Factory), CoordinateSystem.Wgs84, system);
            return TypedResults.Ok(new AreaResponse(grid.Id, LevelName(AreaLevel.Grid), grid.NeighbourhoodCode, grid.Id, null, true, Gcj02.Name(system),
                string.Create(CultureInfo.InvariantCulture, $"synthetic: 100 m lattice cell row {grid.Row}, column {grid.Col}"),
                GeoJson.ToElement(square), [], 1));
        }

        var area = await db.Set<GeoArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (area is null)
        {
            return Problems.NotFound($"No area with code {code}.");
        }

        var children = await db.Set<GeoArea>().AsNoTracking().Where(a => a.ParentCode == code).OrderBy(a => a.Code)
            .Select(a => new { a.Code, a.Level, a.ParentCode, a.NameZh, a.NameEn, a.Synthetic })
            .ToListAsync(ct);
        var grids = area.Level switch
        {
            AreaLevel.City => await db.Set<GeoGrid>().CountAsync(ct),
            AreaLevel.District => await db.Set<GeoGrid>().CountAsync(g => g.DistrictCode == code, ct),
            AreaLevel.Subdistrict => await db.Set<GeoGrid>().CountAsync(g => g.SubdistrictCode == code, ct),
            _ => await db.Set<GeoGrid>().CountAsync(g => g.NeighbourhoodCode == code, ct),
        };
        JsonElement? geometry = area.GeometryJson is null ? null : GeoJson.ToElement(Gcj02.Convert(GeoJson.Read(area.GeometryJson), CoordinateSystem.Wgs84, system));
        return TypedResults.Ok(new AreaResponse(area.Code, LevelName(area.Level), area.ParentCode, area.NameZh, area.NameEn, area.Synthetic,
            Gcj02.Name(system), area.GeometrySource, geometry,
            children.Select(c => new AreaSummary(c.Code, LevelName(c.Level), c.ParentCode, c.NameZh, c.NameEn, c.Synthetic)).ToList(), grids));
    }

    private static async Task<Results<Ok<BoundaryReplacement>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpContext http, BoundaryUpload upload, IAntiforgery antiforgery, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!http.Request.HasFormContentType)
        {
            errors.Add("file", "required: send multipart/form-data with the GeoJSON file, level and crs");
            return errors.ToProblem();
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            errors.Add("file", "the multipart body could not be read: " + ex.Message);
            return errors.ToProblem();
        }

        var bearer = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (!bearer && !await antiforgery.IsRequestValidAsync(http))
        {
            errors.Add("__RequestVerificationToken", "missing or invalid antiforgery token (cookie sign-in)");
            return errors.ToProblem();
        }

        var level = BoundaryUpload.ParseLevel(form["level"]);
        if (BoundaryUpload.IsGridLevel(form["level"]))
        {
            errors.Add("level", BoundaryUpload.GridsAreNotUploaded);
        }
        else if (level is null)
        {
            errors.Add("level", "required: district, subdistrict or neighbourhood");
        }

        var crsText = form["crs"].ToString();
        var system = CrsOf(crsText.Length == 0 ? null : crsText, errors);
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            errors.Add("file", "required: a non-empty GeoJSON file");
        }
        else if (file.Length > BoundaryUpload.MaxBytes)
        {
            errors.Add("file", "must be at most 50 MB");
        }

        var codeProperty = form["codeProperty"].ToString();
        var revertText = form["revertNested"].ToString();
        var revertNested = false;
        if (revertText.Length > 0 && !bool.TryParse(revertText, out revertNested))
        {
            errors.Add("revertNested", "must be true or false");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        string json;
        using (var reader = new StreamReader(file!.OpenReadStream(), Encoding.UTF8))
        {
            json = await reader.ReadToEndAsync(ct);
        }

        var features = BoundaryUpload.Parse(json, system, codeProperty.Length == 0 ? null : codeProperty, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var fileName = Path.GetFileName(file.FileName);
        var (done, problems) = await upload.ReplaceAsync(level!.Value, system, fileName.Length == 0 ? "upload.geojson" : fileName, features, CurrentUser.From(http.User), ct, revertNested);
        return done is null ? problems.ToProblem() : TypedResults.Ok(done);
    }

    private static double Coordinate(string? text, string field, double limit, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "required: decimal degrees");
            return double.NaN;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add(field, "must be a number in decimal degrees");
            return double.NaN;
        }

        if (Math.Abs(value) > limit)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between -{limit} and {limit}"));
        }

        return value;
    }

    private static CoordinateSystem CrsOf(string? text, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return CoordinateSystem.Wgs84;
        }

        var crs = Gcj02.Parse(text);
        if (crs is null)
        {
            errors.Add("crs", "must be wgs84 or gcj02");
        }

        return crs ?? CoordinateSystem.Wgs84;
    }

    private static AreaItem? Item(AreaRef? a) => a is null ? null : new AreaItem(a.Code, a.Name, a.NameEn, a.Synthetic);

    private static string LevelName(AreaLevel level) => level.ToString().ToLowerInvariant();

    [GeneratedRegex("^(\\d{6}|\\d{9}|\\d{12})$")]
    private static partial Regex AreaCodePattern();

    [GeneratedRegex("^\\d{12}-\\d{4,6}$")]
    private static partial Regex GridIdPattern();
}
