using OneCity.CityOps.Incidents;

namespace OneCity.CityOps.Tests.Incidents;

/// <summary>What the intake writer remembers of the incidents it committed, for reports looked up before queueing.</summary>
public sealed class RecentIncidentsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static RecentIncident Incident(long id) => new(id, "N" + id, "C1", 121.47, 31.23, "310101", At, "井盖缺失");

    [Fact]
    public void AReportSeesOnlyTheIncidentsCommittedAfterItsLookup()
    {
        var recent = new RecentIncidents();
        Assert.Equal(0, recent.Committed);
        recent.Commit([Incident(1), Incident(2)]);
        var lookedUpAt = recent.Committed;
        recent.Commit([Incident(3)]);
        recent.Commit([]);
        recent.Commit([Incident(4)]);

        Assert.Equal(4, recent.Committed);
        Assert.True(recent.Covers(lookedUpAt));
        Assert.Equal([3L, 4L], recent.After(lookedUpAt).Select(i => i.Id));
        Assert.Empty(recent.After(recent.Committed));
    }

    [Fact]
    public void OldGenerationsAreForgottenAndAReportOlderThanWhatIsKeptIsNotCovered()
    {
        var recent = new RecentIncidents(keepGenerations: 3, keepIncidents: 100);
        var start = recent.Committed;
        for (var id = 1; id <= 6; id++)
        {
            recent.Commit([Incident(id)]);
        }

        // Generations 4, 5 and 6 are kept: a report looked up at generation 3 or later sees all it must.
        Assert.False(recent.Covers(start));
        Assert.False(recent.Covers(2));
        Assert.True(recent.Covers(3));
        Assert.Equal([4L, 5L, 6L], recent.After(3).Select(i => i.Id));
    }

    [Fact]
    public void TheCountCapForgetsWholeOldestIncidentsFirst()
    {
        var recent = new RecentIncidents(keepGenerations: 1000, keepIncidents: 2);
        recent.Commit([Incident(1), Incident(2)]);
        recent.Commit([Incident(3)]);

        Assert.False(recent.Covers(0));
        Assert.True(recent.Covers(1));
        Assert.Equal([3L], recent.After(1).Select(i => i.Id));
    }
}
