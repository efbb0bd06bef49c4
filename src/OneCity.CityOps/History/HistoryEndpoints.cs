using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.History;

internal static class HistoryEndpoints
{
    public const long MaxBytes = 100 * 1024 * 1024;

    public static void MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cityops/imports/nyc311", Import).RequireAuthorization(Policies.Administrator).DisableAntiforgery()
            .WithTags("CityOps: history")
            .WithSummary("Import NYC 311 history (multipart: file = the CSV export; mapping = optional JSON like DemoData/nyc311_mapping.json; dryRun=true to only check). Answers the data-quality report: rows, imported, already imported, rejected, and each problem with its count and example keys.");
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem>> Import(HttpRequest request, Nyc311Importer importer, AuditLedger ledger, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Problems.Invalid("file", "required: multipart/form-data with the CSV in 'file'");
        }

        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { Length: > 0 and <= MaxBytes } file)
        {
            return Problems.Invalid("file", $"required: the CSV export, at most {MaxBytes / 1024 / 1024} MB");
        }

        var mapping = Nyc311Importer.DefaultMapping();
        if (form.Files.GetFile("mapping") is { } mappingFile)
        {
            using var mappingReader = new StreamReader(mappingFile.OpenReadStream());
            if (Nyc311Importer.ParseMapping(await mappingReader.ReadToEndAsync(ct)) is not { } custom)
            {
                return Problems.Invalid("mapping", "JSON {source, timeZone?, complaintTypes: {type: category}, agencies: {agency: unit}, placeholderZips?}");
            }

            mapping = custom;
        }

        var mistakes = importer.CheckMapping(mapping);
        if (mistakes.Count > 0)
        {
            return Problems.Invalid("mapping", string.Join("; ", mistakes.Take(20)));
        }

        var dryRun = form["dryRun"].FirstOrDefault() is "true" or "1";
        ImportReport report;
        try
        {
            await using var stream = file.OpenReadStream();
            report = await importer.ImportAsync(stream, mapping, dryRun, ct);
        }
        catch (InvalidDataException e)
        {
            return Problems.Invalid("file", e.Message);
        }

        if (!dryRun)
        {
            await ledger.AppendAsync(CurrentUser.From(request.HttpContext.User), new AuditRecord("cityops.history-imported", "history-import", mapping.Source,
                Details: $"{report.Imported} imported, {report.AlreadyImported} already there, {report.Rejected} rejected of {report.Rows} rows"), ct);
        }

        return TypedResults.Ok(report);
    }
}
