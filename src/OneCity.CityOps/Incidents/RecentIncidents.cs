namespace OneCity.CityOps.Incidents;

/// <summary>An incident the intake writer created, as the duplicate check needs it.</summary>
internal sealed record RecentIncident(long Id, string Number, string CategoryCode, double? Longitude, double? Latitude, string? AreaCode, DateTimeOffset ReportedAt, string Description);

/// <summary>
/// The incidents the intake writer created in its latest batches, numbered by the batch's commit (its generation).
/// A report's duplicate candidates are looked up in the database before it is queued, concurrently with other
/// requests, at a known generation; in the writer the report is then checked only against incidents committed after
/// that generation (kept here) and those of its own batch. A report older than what is kept is checked in the database
/// again inside the writer, as before. Used by the writer loop only (one thread at a time).
/// </summary>
internal sealed class RecentIncidents(int keepGenerations = 1024, int keepIncidents = 20_000)
{
    // In commit order, so generations ascend; entries before `head` are forgotten.
    private readonly List<(long Generation, RecentIncident Incident)> incidents = [];
    private int head;
    private long committed;

    /// <summary>The generation of the last committed batch; read it before looking up candidates in the database.</summary>
    public long Committed => Volatile.Read(ref committed);

    /// <summary>The oldest generation whose later incidents are all still kept.</summary>
    public long KeptFrom { get; private set; }

    /// <summary>Records a committed batch's new incidents (with their ids) and returns its generation.</summary>
    public long Commit(IEnumerable<RecentIncident> created)
    {
        var generation = committed + 1;
        foreach (var i in created)
        {
            incidents.Add((generation, i));
        }

        while (head < incidents.Count && (incidents.Count - head > keepIncidents || incidents[head].Generation <= generation - keepGenerations))
        {
            KeptFrom = incidents[head].Generation;
            head++;
        }

        if (head > 4096 && head > incidents.Count / 2)
        {
            incidents.RemoveRange(0, head);
            head = 0;
        }

        Volatile.Write(ref committed, generation);
        return generation;
    }

    /// <summary>Whether every incident committed after <paramref name="generation"/> is still kept.</summary>
    public bool Covers(long generation) => generation >= KeptFrom;

    /// <summary>The incidents committed after <paramref name="generation"/>, oldest first.</summary>
    public IEnumerable<RecentIncident> After(long generation)
    {
        // Binary search for the first entry of a later generation.
        int lo = head, hi = incidents.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (incidents[mid].Generation > generation)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        for (var i = lo; i < incidents.Count; i++)
        {
            yield return incidents[i].Incident;
        }
    }
}
