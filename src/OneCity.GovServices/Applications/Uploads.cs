using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OneCity.GovServices.Data;

namespace OneCity.GovServices.Applications;

internal sealed record FileView(long Id, string FileName, string ContentType, long Size, string Sha256);

/// <summary>
/// Uploaded materials: PDF, JPEG or PNG, recognised by their first bytes (never by the extension or the declared
/// type), at most <c>GovServices:MaxUploadBytes</c> (default 10 MB). Stored in the database so they commit with
/// the application.
/// </summary>
internal sealed class Uploads(GovServicesDbContext db, IConfiguration configuration, TimeProvider clock)
{
    public long MaxBytes => configuration.GetValue("GovServices:MaxUploadBytes", 10L * 1024 * 1024);

    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith("%PDF-"u8) ? "application/pdf"
        : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;

    public async Task<(FileView? File, string? Field, string? Rule, int Status)> SaveAsync(string ownerUserId, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return (null, "file", "required: a non-empty file", 400);
        }

        if (file.Length > MaxBytes)
        {
            return (null, "file", $"at most {MaxBytes / 1024 / 1024} MB", 413);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var type = Sniff(bytes);
        if (type is null)
        {
            return (null, "file", "the content is not a PDF, JPEG or PNG file", 415);
        }

        var name = Path.GetFileName(file.FileName ?? "upload");
        name = name.Length > 200 ? name[^200..] : name;
        var row = new UploadedFile
        {
            OwnerUserId = ownerUserId, FileName = string.IsNullOrWhiteSpace(name) ? "upload" : name, ContentType = type, Size = bytes.Length,
            Sha256 = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), Content = bytes, UploadedAt = clock.GetUtcNow(),
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return (new FileView(row.Id, row.FileName, row.ContentType, row.Size, row.Sha256), null, null, 201);
    }

    /// <summary>The user's uploaded files among <paramref name="ids"/> that no application has taken yet.</summary>
    public async Task<IReadOnlyDictionary<long, (string FileName, long Size)>> PendingAsync(string ownerUserId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var rows = await db.Set<UploadedFile>().AsNoTracking()
            .Where(f => ids.Contains(f.Id) && f.OwnerUserId == ownerUserId && f.ApplicationId == null)
            .Select(f => new { f.Id, f.FileName, f.Size }).ToListAsync(ct);
        return rows.ToDictionary(f => f.Id, f => (f.FileName, f.Size));
    }
}
