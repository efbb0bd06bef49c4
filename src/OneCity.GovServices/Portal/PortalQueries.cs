using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Data;

namespace OneCity.GovServices.Portal;

/// <summary>An uploaded file as the applying pages show it.</summary>
internal sealed record UploadedFileName(long Id, string FileName, long Size);

/// <summary>
/// What the applying pages (the portal's and the counter's) need to read besides the application services: the
/// application a form's idempotency key already submitted, and the submitter's own files not yet attached.
/// </summary>
internal sealed class PortalQueries(GovServicesDbContext db)
{
    /// <summary>The number of the application this submitter already sent with this idempotency key, if any.</summary>
    public Task<string?> SubmittedWithKeyAsync(string submitterUserId, string? key, CancellationToken ct) =>
        key is null
            ? Task.FromResult<string?>(null)
            : db.Set<Application>().AsNoTracking().Where(a => a.SubmittedByUserId == submitterUserId && a.IdempotencyKey == key)
                .Select(a => a.Number).FirstOrDefaultAsync(ct);

    /// <summary>Of the given file ids, those the user uploaded and no application holds yet.</summary>
    public async Task<IReadOnlyDictionary<long, UploadedFileName>> UnattachedFilesAsync(string ownerUserId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<long, UploadedFileName>();
        }

        var list = ids.Distinct().ToList();
        var rows = await db.Set<UploadedFile>().AsNoTracking()
            .Where(f => list.Contains(f.Id) && f.OwnerUserId == ownerUserId && f.ApplicationId == null)
            .Select(f => new UploadedFileName(f.Id, f.FileName, f.Size)).ToListAsync(ct);
        return rows.ToDictionary(f => f.Id);
    }
}
