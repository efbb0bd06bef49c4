namespace OneCity.Platform.Organisation;

/// <summary>Shanghai's 16 districts with their GB/T 2260 codes and English names.</summary>
public static class ShanghaiDistricts
{
    public sealed record District(string Code, string NameZh, string NameEn, bool Urban);

    /// <summary>The seven central districts plus Minhang carry 100 m unit grids in the demo (see ARCHITECTURE.md).</summary>
    public static readonly IReadOnlyList<District> All =
    [
        new("310101", "黄浦区", "Huangpu District", true),
        new("310104", "徐汇区", "Xuhui District", true),
        new("310105", "长宁区", "Changning District", true),
        new("310106", "静安区", "Jing'an District", true),
        new("310107", "普陀区", "Putuo District", true),
        new("310109", "虹口区", "Hongkou District", true),
        new("310110", "杨浦区", "Yangpu District", true),
        new("310112", "闵行区", "Minhang District", true),
        new("310113", "宝山区", "Baoshan District", false),
        new("310114", "嘉定区", "Jiading District", false),
        new("310115", "浦东新区", "Pudong New Area", false),
        new("310116", "金山区", "Jinshan District", false),
        new("310117", "松江区", "Songjiang District", false),
        new("310118", "青浦区", "Qingpu District", false),
        new("310120", "奉贤区", "Fengxian District", false),
        new("310151", "崇明区", "Chongming District", false),
    ];

    public static District? Find(string code) => All.FirstOrDefault(d => d.Code == code);
}
