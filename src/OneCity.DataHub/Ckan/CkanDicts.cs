using OneCity.DataHub.Ckan.Dcat;

namespace OneCity.DataHub.Ckan;

/// <summary>The package, organisation and resource dictionaries, with CKAN's keys and value shapes.</summary>
internal static class CkanDicts
{
    public static string LandingPage(CkanPackage p, string baseUrl) => $"{baseUrl}/open/datasets/{Uri.EscapeDataString(p.Dataset.Code)}";

    public static string DownloadUrl(CkanPackage p, CkanResource r, string baseUrl) => $"{LandingPage(p, baseUrl)}/download.{r.Extension}";

    public static Dictionary<string, object?> Package(CkanPackage p, string baseUrl)
    {
        var d = p.Dataset;
        var org = Organisation(p.Organisation, null, baseUrl);
        return new Dictionary<string, object?>
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["title"] = p.Title,
            ["title_translated"] = new Dictionary<string, string> { ["zh_Hans_CN"] = d.TitleZh, ["en"] = d.TitleEn },
            ["notes"] = d.DescriptionZh.Length > 0 ? d.DescriptionZh : d.DescriptionEn,
            ["notes_translated"] = new Dictionary<string, string> { ["zh_Hans_CN"] = d.DescriptionZh, ["en"] = d.DescriptionEn },
            ["url"] = LandingPage(p, baseUrl),
            ["version"] = null,
            ["license_id"] = p.LicenseId,
            ["license_title"] = d.Licence.Length > 0 ? d.Licence : "License not specified",
            ["license_url"] = Uri.IsWellFormedUriString(d.Licence, UriKind.Absolute) ? d.Licence : null,
            ["author"] = p.Organisation.TitleZh,
            ["author_email"] = null,
            ["maintainer"] = p.Organisation.TitleZh,
            ["maintainer_email"] = null,
            ["metadata_created"] = p.Times.Created,
            ["metadata_modified"] = p.Times.Modified,
            ["state"] = "active",
            ["type"] = "dataset",
            ["private"] = false,
            ["isopen"] = d.OpenType == Catalogue.OpenType.Open,
            ["creator_user_id"] = null,
            ["num_resources"] = p.Resources.Length,
            ["num_tags"] = p.Tags.Length,
            ["tags"] = p.Tags.Select((t, i) => new Dictionary<string, object?> { ["name"] = t, ["display_name"] = t, ["id"] = p.TagIds[i], ["state"] = "active", ["vocabulary_id"] = null }).ToList(),
            ["groups"] = Array.Empty<object>(),
            ["organization"] = org,
            ["owner_org"] = p.Organisation.Id,
            ["extras"] = Extras(p).Select(e => new Dictionary<string, object?> { ["key"] = e.Key, ["value"] = e.Value }).ToList(),
            ["resources"] = p.Resources.Select(r => Resource(p, r, baseUrl)).ToList(),
            ["relationships_as_object"] = Array.Empty<object>(),
            ["relationships_as_subject"] = Array.Empty<object>(),
        };
    }

    private static IEnumerable<KeyValuePair<string, string>> Extras(CkanPackage p)
    {
        var d = p.Dataset;
        yield return new("identifier", d.Code);
        yield return new("level", CkanSearch.LevelName(d.Level));
        yield return new("sharing_type", CkanSearch.SharingName(d.SharingType));
        yield return new("open_type", CkanSearch.OpenTypeName(d.OpenType));
        yield return new("update_frequency", CkanSearch.FrequencyName(d.UpdateFrequency));
        yield return new("theme", d.Theme);
        yield return new("spatial", d.Spatial ? "true" : "false");
        if (d.Spatial)
        {
            yield return new("spatial_uri", DcatVocabulary.ShanghaiGeoNames);
        }

        yield return new("source_system", d.SourceSystem);
        yield return new("title_en", d.TitleEn);
        yield return new("data_updated", p.Times.DataUpdated);
        if (d.PublishedAt is { } published)
        {
            yield return new("issued", CkanSnapshot.CkanTime(published));
        }

        yield return new("frequency", DcatVocabulary.Frequency(d.UpdateFrequency));
        if (d.OpenType == Catalogue.OpenType.ConditionalOpen)
        {
            yield return new("access_rights", DcatVocabulary.AccessRestricted);
        }
    }

    public static Dictionary<string, object?> Resource(CkanPackage p, CkanResource r, string baseUrl)
    {
        var d = p.Dataset;
        return new Dictionary<string, object?>
        {
            ["id"] = r.Id,
            ["package_id"] = p.Id,
            ["name"] = $"{p.Title} ({r.Format})",
            ["description"] = d.DescriptionZh,
            ["format"] = r.Format,
            ["url"] = DownloadUrl(p, r, baseUrl),
            ["url_type"] = null,
            ["mimetype"] = r.MimeType,
            ["created"] = p.Times.Published,
            ["last_modified"] = p.Times.DataUpdated,
            ["metadata_modified"] = p.Times.Modified,
            ["position"] = r.Position,
            ["state"] = "active",
            ["size"] = null,
            ["hash"] = "",
            ["cache_url"] = null,
            ["datastore_active"] = false,
        };
    }

    /// <summary>The organisation dict; <paramref name="packageCount"/> only where CKAN gives it (lists and show).</summary>
    public static Dictionary<string, object?> Organisation(CkanOrganisation o, int? packageCount, string baseUrl)
    {
        var dict = new Dictionary<string, object?>
        {
            ["id"] = o.Id,
            ["name"] = o.Name,
            ["title"] = o.Title,
            ["display_name"] = o.Title,
            ["title_translated"] = new Dictionary<string, string> { ["zh_Hans_CN"] = o.TitleZh, ["en"] = o.TitleEn },
            ["description"] = o.TitleEn,
            ["image_url"] = "",
            ["image_display_url"] = "",
            ["created"] = "2026-01-01T00:00:00.000000",
            ["is_organization"] = true,
            ["approval_status"] = "approved",
            ["state"] = "active",
            ["type"] = "organization",
            ["url"] = $"{baseUrl}/api/3/action/organization_show?id={Uri.EscapeDataString(o.Name)}",
        };
        if (packageCount is { } count)
        {
            dict["package_count"] = count;
        }

        return dict;
    }
}
