using OneCity.Platform.PersonalData;
using OneCity.Platform.Registries;
using OneCity.Platform.Registries.ELicences;

namespace OneCity.Platform.Tests.Registries;

public sealed class DemoResidentsDeterminismTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static DemoResidents.Population Generate(DateTimeOffset now) =>
        DemoResidents.Generate(new PersonalDataProtector(Key), new ELicenceSigner(Key), now);

    [Fact]
    public void TheSameSeedAndLoadDayGiveTheSamePeopleAndRecords()
    {
        var now = new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
        var a = Generate(now);
        var b = Generate(now.AddHours(3));

        Assert.InRange(a.People.Count, 9_500, 10_500);
        Assert.All(a.People, p => Assert.True(p.Synthetic));
        // Identity numbers (through their keyed index, the values are encrypted with fresh nonces), birth dates, places.
        Assert.Equal(a.People.Select(p => (p.Id, p.IdNumberIndex, p.BirthDate, p.HukouDistrictCode, p.ResidenceAreaCode)),
            b.People.Select(p => (p.Id, p.IdNumberIndex, p.BirthDate, p.HukouDistrictCode, p.ResidenceAreaCode)));
        Assert.Equal(a.Links.Count, b.Links.Count);
        Assert.Equal(a.Entities.Select(e => e.CreditCode), b.Entities.Select(e => e.CreditCode));
        Assert.Equal(a.Licences.Select(l => (l.TypeCode, l.Number, l.HolderId, l.IssuedOn)), b.Licences.Select(l => (l.TypeCode, l.Number, l.HolderId, l.IssuedOn)));
    }
}
