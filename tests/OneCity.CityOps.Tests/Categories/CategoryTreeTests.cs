using OneCity.CityOps.Categories;

namespace OneCity.CityOps.Tests.Categories;

/// <summary>The category tree as shipped: every node has an English name for the English UI.</summary>
public sealed class CategoryTreeTests
{
    [Fact]
    public void EveryCategoryHasAnEnglishName()
    {
        var tree = CategoryTree.Load();
        var missing = tree.All.Where(c => string.IsNullOrWhiteSpace(c.NameEn)).Select(c => $"{c.Code} {c.NameZh}").ToList();
        Assert.True(missing.Count == 0, "No English name: " + string.Join(", ", missing.Take(20)));

        // The hotline topics keep their three levels (517 leaves) and read in English at every level.
        var hotline = tree.All.Where(c => c.Kind == CategoryKind.Hotline).ToList();
        Assert.Equal([1, 15, 118, 517], hotline.GroupBy(c => c.Level).OrderBy(g => g.Key).Select(g => g.Count()));
        var leaf = hotline.Single(c => c.Level == 3 && c.NameZh == "噪音污染");
        Assert.Equal("Noise pollution", leaf.NameEn);
        Assert.Equal("Environmental protection / Environmental pollution / Noise pollution", tree.Path(leaf.Code, chinese: false));
        Assert.Equal("环境保护 / 环境污染 / 噪音污染", tree.Path(leaf.Code));
    }
}
