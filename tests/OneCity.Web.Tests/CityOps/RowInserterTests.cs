using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Categories;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.Platform.Data;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>
/// The intake writer stores a batch's new rows with <see cref="RowInserter"/> instead of <c>SaveChanges</c>: what it
/// stores must read back through EF Core exactly as written (dates, enums, nulls, bytes), keys must come back to the
/// right rows, and a broken unique index must fail the whole statement as a <see cref="DbUpdateException"/>.
/// </summary>
public sealed class RowInserterTests(Apps apps)
{
    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RowsReadBackAsWrittenWithTheirKeys(Db db)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var at = new DateTimeOffset(2026, 11, 27, 1, 2, 3, 456, TimeSpan.Zero);
        var incidents = Enumerable.Range(0, 30).Select(n => new Incident
        {
            Number = $"RI{tag}{n:D3}", CategoryCode = "0101", Description = $"行插入测试 {n}", Priority = Priority.Urgent,
            Status = IncidentStatus.Dispatched, Longitude = n % 2 == 0 ? 121.47 + (n / 1000.0) : null, Latitude = n % 2 == 0 ? 31.23 : null,
            ReportedAt = at.AddMinutes(n), UpdatedAt = at, HandleDueAt = n % 3 == 0 ? null : at.AddDays(n), ReportCount = n + 1,
        }).ToList();

        using var scope = apps.Get(db).Services.CreateScope();
        var ops = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
        await using (var tx = await ops.Database.BeginTransactionAsync())
        {
            await RowInserter.InsertAsync(ops, incidents, nameof(Incident.Number), (i, id) => i.Id = id, CancellationToken.None);
            var timeline = incidents.Select(i => new TimelineEntry { IncidentId = i.Id, Actor = "system", Action = "reported", At = i.ReportedAt, Details = null }).ToList();
            await RowInserter.InsertAsync(ops, timeline, CancellationToken.None);
            await tx.CommitAsync();
        }

        Assert.All(incidents, i => Assert.True(i.Id > 0));
        Assert.Equal(incidents.Count, incidents.Select(i => i.Id).Distinct().Count());
        var stored = await ops.Set<Incident>().AsNoTracking().Where(i => i.Number.StartsWith("RI" + tag)).ToDictionaryAsync(i => i.Id);
        foreach (var written in incidents)
        {
            var read = stored[written.Id];
            Assert.Equal(written.Number, read.Number);
            Assert.Equal(written.Priority, read.Priority);
            Assert.Equal(written.Status, read.Status);
            Assert.Equal(written.Longitude, read.Longitude);
            Assert.Equal(written.ReportedAt, read.ReportedAt);
            Assert.Equal(written.HandleDueAt, read.HandleDueAt);
            Assert.Equal(written.ReportCount, read.ReportCount);
        }

        // Ordered and compared in SQL: the dates are stored in the provider's comparable form, as SaveChanges stores them.
        var ids = incidents.Select(i => i.Id).ToList();
        var late = await ops.Set<Incident>().AsNoTracking().Where(i => ids.Contains(i.Id) && i.ReportedAt >= at.AddMinutes(20)).CountAsync();
        Assert.Equal(10, late);
        Assert.Equal(30, await ops.Set<TimelineEntry>().AsNoTracking().CountAsync(t => ids.Contains(t.IncidentId) && t.Action == "reported"));

        // A duplicate number fails the statement, and the transaction stores none of it.
        var again = new List<Incident>
        {
            new() { Number = $"RI{tag}new", CategoryCode = "0101", Description = "新的", ReportedAt = at, UpdatedAt = at },
            new() { Number = incidents[0].Number, CategoryCode = "0101", Description = "重复", ReportedAt = at, UpdatedAt = at },
        };
        await using (var tx = await ops.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<DbUpdateException>(() => RowInserter.InsertAsync(ops, again, nameof(Incident.Number), (i, id) => i.Id = id, CancellationToken.None));
        }

        Assert.False(await ops.Set<Incident>().AnyAsync(i => i.Number == $"RI{tag}new"));
    }

    [Theory, MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task BinaryValuesAreSplitAcrossStatementsAndReadBackWhole(Db db)
    {
        // Eight 5 MiB photos (a batch of photo reports) are more than one statement may carry (32 MiB).
        var tag = Guid.NewGuid().ToString("N")[..10];
        var at = DateTimeOffset.UtcNow;
        var incident = new Incident { Number = $"RB{tag}", CategoryCode = "0101", Description = "照片", ReportedAt = at, UpdatedAt = at };
        using var scope = apps.Get(db).Services.CreateScope();
        var ops = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
        List<IncidentPhoto> photos;
        await using (var tx = await ops.Database.BeginTransactionAsync())
        {
            await RowInserter.InsertAsync(ops, [incident], nameof(Incident.Number), (i, id) => i.Id = id, CancellationToken.None);
            photos = Enumerable.Range(0, 8).Select(n =>
            {
                var content = new byte[5 * 1024 * 1024];
                new Random(n).NextBytes(content);
                return new IncidentPhoto { IncidentId = incident.Id, Kind = "evidence", ContentType = "image/png", Content = content, UploadedAt = at, UploadedBy = "test" };
            }).ToList();
            await RowInserter.InsertAsync(ops, photos, CancellationToken.None);
            await tx.CommitAsync();
        }

        var stored = await ops.Set<IncidentPhoto>().AsNoTracking().Where(p => p.IncidentId == incident.Id).OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(8, stored.Count);
        Assert.All(stored, p => Assert.Null(p.ReportId));
        Assert.Equal(photos.Select(p => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(p.Content))).Order(),
            stored.Select(p => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(p.Content))).Order());
    }
}
