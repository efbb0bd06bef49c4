using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Ckan;
using OneCity.DataHub.Data;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.DataHub.Ckan;

/// <summary>
/// Datasets of our own in the shared app, with codes and a tag unique to this test run, so other capabilities'
/// demo datasets never disturb the counts: filter with <c>fq=tags:{Tag}</c>.
/// </summary>
internal sealed class CkanSeed
{
    private static readonly ConcurrentDictionary<OneCityFactory, Lazy<Task<CkanSeed>>> Seeds = new();

    private CkanSeed(string run) => Run = run;

    public string Run { get; }

    public string Tag => "ckantest" + Run;

    /// <summary>Open, published, spatial, daily, Transport Commission; a description with characters that need escaping.</summary>
    public string Bus => $"CKANT-{Run}-BUS";

    /// <summary>Conditionally open, published, monthly, Ecology and Environment Bureau.</summary>
    public string Air => $"CKANT-{Run}-AIR";

    /// <summary>Open, published, yearly, Transport Commission, oldest.</summary>
    public string Roads => $"CKANT-{Run}-ROADS";

    /// <summary>Open but not published: invisible.</summary>
    public string Draft => $"CKANT-{Run}-DRAFT";

    /// <summary>Published flag set but not open: invisible.</summary>
    public string Closed => $"CKANT-{Run}-CLOSED";

    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static Task<CkanSeed> EnsureAsync(OneCityFactory app) =>
        Seeds.GetOrAdd(app, a => new Lazy<Task<CkanSeed>>(() => CreateAsync(a))).Value;

    private static async Task<CkanSeed> CreateAsync(OneCityFactory app)
    {
        var seed = new CkanSeed(Guid.NewGuid().ToString("N")[..8]);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DataHubDbContext>();
            db.AddRange(
                Make(seed.Bus, "公交站点", "Bus stops", "全市公交站点位置，含\"站名\"与<线路>&换乘信息。\n第二行", "SH-JT", $"公交,bus,{seed.Tag}",
                    "交通出行 / transport", OpenType.Open, UpdateFrequency.Daily, spatial: true, T0.AddDays(3)),
                Make(seed.Air, "空气质量监测", "Air quality monitoring", "各监测站小时空气质量指数。", "SH-HJ", $"空气质量,air quality,{seed.Tag}",
                    "生态环境 / environment", OpenType.ConditionalOpen, UpdateFrequency.Monthly, spatial: false, T0.AddDays(2)),
                Make(seed.Roads, "道路名录", "Road register", "城市道路名称与等级。", "SH-JT", $"道路,roads,{seed.Tag}",
                    "交通出行 / transport", OpenType.Open, UpdateFrequency.Yearly, spatial: false, T0.AddDays(1)),
                Make(seed.Draft, "草稿数据集", "Draft dataset", "尚未发布。", "SH-JT", $"bus,{seed.Tag}",
                    "交通出行 / transport", OpenType.Open, UpdateFrequency.Daily, spatial: false, T0.AddDays(4), published: false),
                Make(seed.Closed, "内部数据集", "Internal dataset", "不开放。", "SH-JT", $"bus,{seed.Tag}",
                    "交通出行 / transport", OpenType.NotOpen, UpdateFrequency.Daily, spatial: false, T0.AddDays(5)));
            await db.SaveChangesAsync();
        }

        app.Services.GetRequiredService<CkanIndex>().Invalidate();
        return seed;
    }

    private static Dataset Make(string code, string zh, string en, string description, string owner, string keywords, string theme,
        OpenType open, UpdateFrequency frequency, bool spatial, DateTimeOffset modified, bool published = true) => new()
        {
            Code = code,
            TitleZh = zh,
            TitleEn = en,
            DescriptionZh = description,
            DescriptionEn = en + " of Shanghai.",
            OwnerDepartmentCode = owner,
            SourceSystem = "test",
            UpdateFrequency = frequency,
            OpenType = open,
            SharingType = SharingType.Unconditional,
            Keywords = keywords,
            Theme = theme,
            Spatial = spatial,
            KeyField = "id",
            CreatedAt = modified.AddDays(-30),
            DataUpdatedAt = modified,
            MetadataUpdatedAt = modified,
            Published = published,
            PublishedAt = published ? modified.AddDays(-10) : null,
            Licence = "CC-BY-4.0",
        };
}
