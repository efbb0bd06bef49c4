using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.CityOps.Data;
using OneCity.CityOps.Incidents;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.CityOps;

/// <summary>
/// Every report at intake runs a duplicate-check query; it must seek the indexes made for it. SQLite has no statistics
/// here, so its planner decides by the indexes' shapes alone — an index ending in the report time right after the
/// category and status once won over the band of latitude and made each report read every open incident of its category
/// (4.4 ms instead of 0.07 ms with 2,900 open). These tests read SQLite's own plan of the queries the product runs.
/// </summary>
public sealed class DuplicateQueryPlanTests(Apps apps)
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task AReportWithCoordinatesSeeksTheBandOfLatitude()
    {
        var plan = await PlanAsync(db => Duplicates.Near.Compile()(db, "0101", At.AddHours(-72), At, 0, 31.23, 31.24, 121.47, 121.48));
        Assert.Contains("USING INDEX IX_ops_incidents_CategoryCode_Status_Latitude_Longitude_ReportedAt (CategoryCode=? AND Status=? AND Latitude>? AND Latitude<?)", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportLocatedByAreaOnlySeeksItsArea()
    {
        var plan = await PlanAsync(db => Duplicates.InArea.Compile()(db, "0101", At.AddHours(-72), At, 0, "310101002"));
        Assert.Contains("(CategoryCode=? AND Status=? AND AreaCode=? AND ReportedAt>? AND ReportedAt<?)", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMachineAlarmSeeksItsSubdistrictForStormSuppression()
    {
        var plan = await PlanAsync(db => Duplicates.StormQuery(db, "0101", At.AddHours(-6), At, bySubdistrict: true, "310101002"));
        Assert.Contains("(CategoryCode=? AND Status=? AND SubdistrictCode=? AND ReportedAt>? AND ReportedAt<?)", plan, StringComparison.Ordinal);
    }

    private async Task<string> PlanAsync<T>(Func<CityOpsDbContext, IQueryable<T>> query)
    {
        using var scope = apps.Get(Db.Sqlite).Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CityOpsDbContext>();
        await using DbCommand command = query(db).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(3));
            }

            return string.Join('\n', lines);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
