using System.Diagnostics;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using OneCity.Platform.Geography;
using OneCity.Platform.Organisation;

namespace OneCity.Platform.Tests.Geography;

/// <summary>The demo city's geography, built once for the tests in this class (a few seconds).</summary>
public sealed class DemoGeography
{
    public DemoGeography()
    {
        var watch = Stopwatch.StartNew();
        Areas = GeographyStore.DemoAreas();
        Synthesis = watch.Elapsed;
        Snapshot = GeographySnapshot.Build(Areas, null, GeographySnapshot.DefaultGriddedDistricts);
        Total = watch.Elapsed;
    }

    internal List<AreaShape> Areas { get; }

    internal GeographySnapshot Snapshot { get; }

    public TimeSpan Synthesis { get; }

    public TimeSpan Total { get; }
}

public sealed class DemoGeographyTests(DemoGeography demo) : IClassFixture<DemoGeography>
{
    [Fact]
    public void TheDemoCityHasAllAreasWithGeometry()
    {
        Assert.Equal(16, demo.Areas.Count(a => a.Level == AreaLevel.District));
        Assert.Equal(234, demo.Areas.Count(a => a.Level == AreaLevel.Subdistrict));
        Assert.Equal(6509, demo.Areas.Count(a => a.Level == AreaLevel.Neighbourhood));
        Assert.All(demo.Areas, a => Assert.False(a.Geometry is null || a.Geometry.IsEmpty, a.Code));
        Assert.All(demo.Areas.Where(a => a.Level <= AreaLevel.District), a => Assert.False(a.Synthetic));
        Assert.All(demo.Areas.Where(a => a.Level > AreaLevel.District), a => Assert.True(a.Synthetic));
        Assert.Equal(6509, demo.Snapshot.Leaves.Count);
        Assert.True(demo.Total < TimeSpan.FromSeconds(60), $"building took {demo.Total}");
    }

    [Fact]
    public void DistrictsAreStoredInWgs84()
    {
        // The DataV outline of Huangpu is GCJ-02; converted, the Bund's WGS84 position must be inside.
        var huangpu = demo.Areas.Single(a => a.Code == "310101").Geometry!;
        Assert.True(huangpu.Contains(new Point(121.4857, 31.2420)));
    }

    [Fact]
    public void UrbanDistrictsCarryAtLeastFortyThousandGrids()
    {
        var grids = demo.Snapshot.Grids;
        Assert.True(grids.Count >= 40_000, $"{grids.Count} grids");
        Assert.Equal(grids.Count, grids.Select(g => g.Id).Distinct().Count());
        Assert.Equal(grids.Count, grids.Select(g => (g.Row, g.Col)).Distinct().Count());
        var urban = ShanghaiDistricts.All.Where(d => d.Urban).Select(d => d.Code).ToHashSet();
        Assert.All(grids.Take(5000), g =>
        {
            Assert.Matches("^\\d{12}-\\d{4}$", g.Id);
            Assert.StartsWith(g.NeighbourhoodCode + "-", g.Id, StringComparison.Ordinal);
            Assert.StartsWith(g.SubdistrictCode, g.NeighbourhoodCode, StringComparison.Ordinal);
            Assert.Contains(g.DistrictCode, urban);
            Assert.True(AreaCodes.Covers(g.DistrictCode, g.Id));
        });
    }

    [Fact]
    public void AGridBelongsToTheNeighbourhoodContainingItsCentre()
    {
        var byCode = demo.Areas.ToDictionary(a => a.Code);
        var rng = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var g = demo.Snapshot.Grids[rng.Next(demo.Snapshot.Grids.Count)];
            var centre = GridLattice.Centre(g.Row, g.Col);
            Assert.True(byCode[g.NeighbourhoodCode].Geometry!.Covers(new Point(centre)), g.Id);
        }
    }

    [Fact]
    public void TheRasterIndexAgreesWithBruteForcePointInPolygon()
    {
        var index = demo.Snapshot.Index;
        var leaves = demo.Snapshot.Leaves;
        var rng = new Random(2024);
        var env = new Envelope();
        foreach (var l in leaves)
        {
            env.ExpandToInclude(l.Geometry!.EnvelopeInternal);
        }

        var boundaryHits = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var x = env.MinX + (rng.NextDouble() * env.Width);
            var y = env.MinY + (rng.NextDouble() * env.Height);
            Assert.Equal(BruteForce(leaves, x, y), index.Find(x, y));
        }

        // The hard cases: points within metres of a boundary, where the index must do real geometry.
        for (var i = 0; i < 20_000; i++)
        {
            var leaf = leaves[rng.Next(leaves.Count)].Geometry!;
            var coords = leaf.Coordinates;
            var k = rng.Next(coords.Length - 1);
            var t = rng.NextDouble();
            var x = coords[k].X + (t * (coords[k + 1].X - coords[k].X)) + ((rng.NextDouble() - 0.5) * 1e-4);
            var y = coords[k].Y + (t * (coords[k + 1].Y - coords[k].Y)) + ((rng.NextDouble() - 0.5) * 1e-4);
            var expected = BruteForce(leaves, x, y);
            Assert.Equal(expected, index.Find(x, y));
            boundaryHits++;
        }

        Assert.True(index.BoundaryCells > 1000);
        Assert.Equal(20_000, boundaryHits);
    }

    [Fact]
    public void PointsOutsideTheCityFindNothing()
    {
        Assert.Equal(-1, demo.Snapshot.Index.Find(120.1551, 30.2741)); // Hangzhou
        Assert.Equal(-1, demo.Snapshot.Index.Find(122.5, 31.0));       // East China Sea
        Assert.Equal(-1, demo.Snapshot.Index.Find(double.NaN, 31.0));
        Assert.Null(demo.Snapshot.Locate(0, 0));
    }

    [Fact]
    public void LocateAnswersTheHierarchyAndGrid()
    {
        var bund = demo.Snapshot.Locate(121.4857, 31.2420)!;
        Assert.Equal("310101", bund.District.Code);
        Assert.Equal("Huangpu District", bund.District.NameEn);
        Assert.StartsWith(bund.District.Code, bund.Subdistrict!.Code, StringComparison.Ordinal);
        Assert.StartsWith(bund.Subdistrict.Code, bund.Neighbourhood!.Code, StringComparison.Ordinal);
        Assert.True(bund.Subdistrict.Synthetic);
        Assert.NotNull(bund.Grid);
        Assert.StartsWith("310101", bund.Grid.Id, StringComparison.Ordinal);

        var chongming = demo.Snapshot.Locate(121.3970, 31.6230)!;
        Assert.Equal("310151", chongming.District.Code);
        Assert.Null(chongming.Grid);
    }

    [Fact]
    public void SynthesisIsDeterministicAndCoversTheParent()
    {
        var xuhui = demo.Areas.Single(a => a.Code == "310104");
        var codes = demo.Areas.Where(a => a.ParentCode == "310104").Select(a => a.Code).Order(StringComparer.Ordinal).ToList();
        var first = Synthesiser.Partition(xuhui.Geometry!, codes);
        var second = Synthesiser.Partition(xuhui.Geometry!.Copy(), codes);
        Assert.Equal(codes.Count, first.Count);
        foreach (var code in codes)
        {
            Assert.True(first[code].EqualsExact(second[code]), code);
            Assert.True(first[code].EqualsExact(demo.Areas.Single(a => a.Code == code).Geometry!), code);
            Assert.True(first[code].Area > 0, code);
        }

        var union = UnaryUnionOp.Union(first.Values.ToList());
        Assert.Equal(xuhui.Geometry!.Area, union.Area, 1e-9);
        Assert.Equal(xuhui.Geometry!.Area, first.Values.Sum(g => g.Area), 1e-9);
        Assert.True(xuhui.Geometry!.SymmetricDifference(union).Area < xuhui.Geometry.Area * 1e-9);
    }

    [Fact]
    public void NeighbourhoodsCoverTheirSubdistrict()
    {
        var children = demo.Areas.Where(a => a.ParentCode is not null).ToLookup(a => a.ParentCode!);
        foreach (var sub in demo.Areas.Where(a => a.Level == AreaLevel.Subdistrict))
        {
            var sum = children[sub.Code].Sum(n => n.Geometry!.Area);
            Assert.Equal(sub.Geometry!.Area, sum, 1e-9);
        }
    }

    private static int BruteForce(IReadOnlyList<AreaShape> leaves, double x, double y)
    {
        var p = new Point(x, y);
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Geometry!.Covers(p))
            {
                return i;
            }
        }

        return -1;
    }
}
