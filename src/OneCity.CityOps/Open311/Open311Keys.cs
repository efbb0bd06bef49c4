using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneCity.CityOps.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.CityOps.Open311;

internal sealed record Open311KeyInput(string? Name);

/// <summary>An API client as administrators see it; never the key (only its hash is stored).</summary>
internal sealed record Open311ClientView(long Id, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, bool Active);

/// <summary>The answer to issuing a key: the only time the key itself is ever shown.</summary>
internal sealed record Open311IssuedKey(long Id, string Name, DateTimeOffset CreatedAt, string CreatedBy, string ApiKey);

/// <summary>
/// Open311 API keys: administrators issue one per client and revoke it; the POST endpoint authenticates by the key's
/// SHA-256 hash on every call (no cache), so a revoked key stops working at once. Every issue and revoke is audited.
/// </summary>
internal sealed class Open311Keys(CityOpsDbContext db, AuditLedger ledger, TimeProvider clock)
{
    public const int MaxNameLength = 50;

    /// <summary>The demo city's key, published in the documentation (seeded with the demo data; revocable like any other).</summary>
    public const string DemoKey = "onecity-demo-key";

    public const string DemoClientName = "OneCity demo";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The active client holding this key, or null (unknown, revoked, empty or absurdly long key).</summary>
    public async Task<Open311Client?> AuthenticateAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return null;
        }

        var hash = Hash(key);
        return await db.Set<Open311Client>().AsNoTracking().FirstOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, ct);
    }

    public async Task<IReadOnlyList<Open311ClientView>> ListAsync(CancellationToken ct) =>
        (await db.Set<Open311Client>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct)).Select(View).ToList();

    public static FieldErrors Validate(Open311KeyInput input)
    {
        var errors = new FieldErrors();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "required: the client's name (the app or organisation the key is for)");
        }
        else if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add("name", $"at most {MaxNameLength} characters, no control characters");
        }

        return errors;
    }

    public async Task<(Open311IssuedKey? Key, FieldErrors Errors)> IssueAsync(CurrentUser actor, Open311KeyInput input, CancellationToken ct)
    {
        var errors = Validate(input);
        if (errors.Any)
        {
            return (null, errors);
        }

        var key = "o311-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var client = new Open311Client
        {
            Name = input.Name!.Trim(), KeyHash = Hash(key), CreatedAt = Now(), CreatedBy = actor.UserName,
        };
        db.Add(client);
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(actor, new AuditRecord("cityops.open311-key-issued", "open311-client", client.Id.ToString(CultureInfo.InvariantCulture),
            Purpose: "open311-api", Details: $"API key issued to client \"{client.Name}\""), ct);
        return (new Open311IssuedKey(client.Id, client.Name, client.CreatedAt, client.CreatedBy, key), errors);
    }

    /// <summary>Revokes the key (once; revoking a revoked key changes nothing); null when there is no such client.</summary>
    public async Task<Open311ClientView?> RevokeAsync(CurrentUser actor, long id, CancellationToken ct)
    {
        var client = await db.Set<Open311Client>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return null;
        }

        if (client.RevokedAt is null)
        {
            client.RevokedAt = Now();
            await db.SaveChangesAsync(ct);
            await ledger.AppendAsync(actor, new AuditRecord("cityops.open311-key-revoked", "open311-client", client.Id.ToString(CultureInfo.InvariantCulture),
                Purpose: "open311-api", Details: $"API key of client \"{client.Name}\" revoked"), ct);
        }

        return View(client);
    }

    /// <summary>
    /// Seeds the demo city's key once (by its hash, so a revoked demo key stays revoked across restarts). Two instances
    /// starting together on one database race on the unique hash index; the loser finds the winner's row.
    /// </summary>
    public async Task SeedDemoAsync(CancellationToken ct)
    {
        var hash = Hash(DemoKey);
        if (await db.Set<Open311Client>().AnyAsync(c => c.KeyHash == hash, ct))
        {
            return;
        }

        var client = new Open311Client { Name = DemoClientName, KeyHash = hash, CreatedAt = Now(), CreatedBy = "demo" };
        db.Add(client);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Set<Open311Client>().AnyAsync(c => c.KeyHash == hash, ct))
            {
                return;
            }

            throw;
        }

        await ledger.AppendAsync(CurrentUser.System, new AuditRecord("cityops.open311-key-issued", "open311-client", client.Id.ToString(CultureInfo.InvariantCulture),
            Purpose: "open311-api", Details: $"demo API key seeded for client \"{client.Name}\""), ct);
    }

    /// <summary>Whole milliseconds, as both databases store them, so an answer shows the time a later read shows.</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private static Open311ClientView View(Open311Client c) => new(c.Id, c.Name, c.CreatedAt, c.CreatedBy, c.RevokedAt, c.RevokedAt is null);
}

internal static class Open311KeyEndpoints
{
    public static void MapOpen311KeyEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/cityops/open311/keys").WithTags("CityOps: Open311").RequireAuthorization(Policies.Administrator);
        g.MapGet("", async (Open311Keys keys, HttpContext h) => TypedResults.Ok(await keys.ListAsync(h.RequestAborted)))
            .WithSummary("Open311 API clients: name, when and by whom the key was issued, whether it is revoked. Keys are never shown again.");
        g.MapPost("", Issue)
            .WithSummary("Issue an API key to a client: {name}. The answer carries the key (apiKey) once; only its SHA-256 hash is stored. Audited.");
        g.MapDelete("/{id:long}", Revoke)
            .WithSummary("Revoke a client's API key: it stops working at once. Audited.");
    }

    private static async Task<Results<Created<Open311IssuedKey>, ValidationProblem>> Issue(Open311KeyInput? input, Open311Keys keys, HttpContext h)
    {
        var (key, errors) = await keys.IssueAsync(CurrentUser.From(h.User), input ?? new Open311KeyInput(null), h.RequestAborted);
        return key is null ? errors.ToProblem() : TypedResults.Created($"/api/cityops/open311/keys/{key.Id}", key);
    }

    private static async Task<Results<Ok<Open311ClientView>, ProblemHttpResult>> Revoke(long id, Open311Keys keys, HttpContext h) =>
        await keys.RevokeAsync(CurrentUser.From(h.User), id, h.RequestAborted) is { } view ? TypedResults.Ok(view) : Problems.NotFound($"No Open311 client {id}.");
}
