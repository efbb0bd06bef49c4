using OneCity.DataHub.Catalogue;

namespace OneCity.DataHub.Ckan;

/// <summary>A query CKAN's search (Solr) syntax could not express in this index: CKAN answers it with 409 "Search Query Error".</summary>
internal sealed class CkanSearchException(string message) : Exception(message);

internal sealed record CkanSearchRequest(string? Q, string? Fq, int Rows, int Start, string? Sort, IReadOnlyList<string> FacetFields, int FacetLimit);

internal sealed record CkanSearchResult(int Count, IReadOnlyList<CkanPackage> Results, string Sort, IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Display, int Count)>> Facets);

/// <summary>
/// <c>package_search</c> over a <see cref="CkanSnapshot"/>: a small subset of Solr's syntax that CKAN clients send.
/// q: plain terms (all must match, substring over title, notes, tags, organisation, name, theme), <c>field:value</c>,
/// <c>"phrases"</c>, <c>*:*</c>. fq: <c>field:value</c> clauses, space or AND separated, <c>-field:value</c> negates.
/// </summary>
internal static class CkanSearch
{
    public const string DefaultSort = "score desc, metadata_modified desc";

    public static readonly string[] FacetableFields = ["organization", "tags", "res_format", "license_id", "theme", "open_type", "update_frequency"];

    public static CkanSearchResult Search(CkanSnapshot snapshot, CkanSearchRequest request)
    {
        var terms = ParseClauses(request.Q, isFilter: false);
        var filters = ParseClauses(request.Fq, isFilter: true);
        var sort = ParseSort(request.Sort);
        var hits = new List<(CkanPackage Package, int Score)>();
        foreach (var p in snapshot.Packages)
        {
            var score = 0;
            var ok = true;
            foreach (var f in filters)
            {
                if (Matches(p, f) == f.Negated)
                {
                    ok = false;
                    break;
                }
            }

            if (!ok)
            {
                continue;
            }

            foreach (var t in terms)
            {
                if (t.Field is null)
                {
                    var inText = p.Text.Contains(t.Value, StringComparison.Ordinal);
                    if (inText == t.Negated)
                    {
                        ok = false;
                        break;
                    }

                    score += !t.Negated && p.TitleText.Contains(t.Value, StringComparison.Ordinal) ? 3 : 1;
                }
                else if (Matches(p, t) == t.Negated)
                {
                    ok = false;
                    break;
                }
                else
                {
                    score += 1;
                }
            }

            if (ok)
            {
                hits.Add((p, score));
            }
        }

        hits.Sort((a, b) => Compare(a, b, sort));
        var facets = new Dictionary<string, IReadOnlyList<(string, string, int)>>(StringComparer.Ordinal);
        foreach (var field in request.FacetFields)
        {
            facets[field] = Facet(hits.Select(h => h.Package), field, request.FacetLimit);
        }

        var page = hits.Skip(request.Start).Take(request.Rows).Select(h => h.Package).ToList();
        return new CkanSearchResult(hits.Count, page, request.Sort is { Length: > 0 } s ? s : DefaultSort, facets);
    }

    private sealed record Clause(string? Field, string Value, bool Negated);

    private sealed record SortKey(string Field, bool Descending);

    private static List<Clause> ParseClauses(string? text, bool isFilter)
    {
        var clauses = new List<Clause>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return clauses;
        }

        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (text[i] is '-' or '+')
            {
                negated = text[i] == '-';
                i++;
            }

            string? field = null;
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'))
            {
                i++;
            }

            if (i < text.Length && text[i] == ':' && i > start)
            {
                field = text[start..i];
                i++;
            }
            else
            {
                i = start;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new CkanSearchException("Search Query is invalid: unbalanced quotes");
                }

                value = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                value = text[start..i];
            }

            if (field is null && value is "AND" or "&&")
            {
                continue;
            }

            if (field is null && value is "OR" or "NOT" or "||")
            {
                throw new CkanSearchException($"Search Query is invalid: the operator {value} is not supported");
            }

            if (field == "*" || (field is null && value == "*:*"))
            {
                continue;
            }

            if (field is not null && !IsKnownField(field))
            {
                throw new CkanSearchException($"Search Query is invalid: undefined field {field}");
            }

            if (field is null && isFilter)
            {
                // A bare term in fq is free text, as in Solr's default field.
                clauses.Add(new Clause("text", value.ToLowerInvariant(), negated));
                continue;
            }

            if (value.Length > 0)
            {
                clauses.Add(new Clause(field, field is null ? value.ToLowerInvariant() : value, negated));
            }
        }

        return clauses;
    }

    private static bool IsKnownField(string field) => field is "organization" or "owner_org" or "tags" or "res_format" or "name" or "id"
        or "license_id" or "theme" or "open_type" or "update_frequency" or "title" or "notes" or "text" or "level" or "type" or "state"
        or "capacity" or "dataset_type" or "groups" or "spatial";

    private static bool Matches(CkanPackage p, Clause c)
    {
        var d = p.Dataset;
        var v = c.Value.Trim('"');
        var wildcard = v == "*";
        return c.Field switch
        {
            "organization" => wildcard || Eq(p.Organisation.Name, v) || Eq(p.Organisation.Code, v),
            "owner_org" => wildcard || Eq(p.Organisation.Id, v) || Eq(p.Organisation.Name, v),
            "tags" => wildcard ? p.Tags.Length > 0 : p.Tags.Any(t => Eq(t, v)),
            "res_format" => wildcard || p.Resources.Any(r => Eq(r.Format, v)),
            "name" => wildcard || Eq(p.Name, v),
            "id" => wildcard || Eq(p.Id, v),
            "license_id" => wildcard || Eq(p.LicenseId, v),
            "theme" => wildcard || Eq(d.Theme, v),
            "open_type" => wildcard || Eq(OpenTypeName(d.OpenType), v),
            "update_frequency" => wildcard || Eq(FrequencyName(d.UpdateFrequency), v),
            "level" => wildcard || Eq(LevelName(d.Level), v),
            "spatial" => wildcard ? d.Spatial : Eq(d.Spatial ? "true" : "false", v),
            "title" => wildcard || p.TitleText.Contains(v.ToLowerInvariant(), StringComparison.Ordinal),
            "notes" => wildcard || (d.DescriptionZh + " " + d.DescriptionEn).Contains(v, StringComparison.OrdinalIgnoreCase),
            "text" => wildcard || p.Text.Contains(v.ToLowerInvariant(), StringComparison.Ordinal),
            "type" or "dataset_type" => wildcard || Eq("dataset", v),
            "state" => wildcard || Eq("active", v),
            "capacity" => wildcard || Eq("public", v),
            "groups" => wildcard,
            _ => false,
        };
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static List<SortKey> ParseSort(string? sort)
    {
        var keys = new List<SortKey>();
        foreach (var part in (string.IsNullOrWhiteSpace(sort) ? DefaultSort : sort).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bits = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var field = bits[0];
            var direction = bits.Length > 1 ? bits[1].ToLowerInvariant() : "asc";
            if (bits.Length > 2 || direction is not ("asc" or "desc"))
            {
                throw new CkanSearchException($"Search Query is invalid: cannot sort by \"{part}\"");
            }

            field = field switch
            {
                "title" => "title_string",
                _ => field,
            };
            if (field is not ("score" or "metadata_modified" or "metadata_created" or "title_string" or "name" or "views_recent" or "num_resources" or "num_tags"))
            {
                throw new CkanSearchException($"Search Query is invalid: cannot sort by \"{part}\"");
            }

            keys.Add(new SortKey(field, direction == "desc"));
        }

        return keys;
    }

    private static int Compare((CkanPackage Package, int Score) a, (CkanPackage Package, int Score) b, List<SortKey> keys)
    {
        foreach (var key in keys)
        {
            var c = key.Field switch
            {
                "score" => a.Score.CompareTo(b.Score),
                "metadata_modified" => a.Package.Dataset.MetadataUpdatedAt.CompareTo(b.Package.Dataset.MetadataUpdatedAt),
                "metadata_created" => a.Package.Dataset.CreatedAt.CompareTo(b.Package.Dataset.CreatedAt),
                "title_string" => string.Compare(a.Package.TitleSort, b.Package.TitleSort, StringComparison.Ordinal),
                "name" => string.Compare(a.Package.Name, b.Package.Name, StringComparison.Ordinal),
                "num_resources" => a.Package.Resources.Length.CompareTo(b.Package.Resources.Length),
                "num_tags" => a.Package.Tags.Length.CompareTo(b.Package.Tags.Length),
                _ => 0,
            };
            if (c != 0)
            {
                return key.Descending ? -c : c;
            }
        }

        // A total order, so paging with start/rows never repeats or skips a dataset.
        return string.Compare(a.Package.Name, b.Package.Name, StringComparison.Ordinal);
    }

    private static List<(string, string, int)> Facet(IEnumerable<CkanPackage> packages, string field, int limit)
    {
        var counts = new Dictionary<string, (string Display, int Count)>(StringComparer.Ordinal);
        void Add(string name, string display)
        {
            counts[name] = counts.TryGetValue(name, out var c) ? (c.Display, c.Count + 1) : (display, 1);
        }

        foreach (var p in packages)
        {
            switch (field)
            {
                case "organization":
                    Add(p.Organisation.Name, p.Organisation.Title);
                    break;
                case "tags":
                    foreach (var t in p.Tags)
                    {
                        Add(t, t);
                    }

                    break;
                case "res_format":
                    foreach (var r in p.Resources)
                    {
                        Add(r.Format, r.Format);
                    }

                    break;
                case "license_id":
                    Add(p.LicenseId, p.Dataset.Licence.Length > 0 ? p.Dataset.Licence : p.LicenseId);
                    break;
                case "theme":
                    Add(p.Dataset.Theme, p.Dataset.Theme);
                    break;
                case "open_type":
                    Add(OpenTypeName(p.Dataset.OpenType), OpenTypeName(p.Dataset.OpenType));
                    break;
                case "update_frequency":
                    Add(FrequencyName(p.Dataset.UpdateFrequency), FrequencyName(p.Dataset.UpdateFrequency));
                    break;
                default:
                    break;
            }
        }

        return [.. counts.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal).Take(limit < 0 ? int.MaxValue : limit)
            .Select(c => (c.Key, c.Value.Display, c.Value.Count))];
    }

    public static string OpenTypeName(OpenType t) => t switch
    {
        OpenType.Open => "open",
        OpenType.ConditionalOpen => "conditional_open",
        _ => "not_open",
    };

    public static string FrequencyName(UpdateFrequency f) => f.ToString().ToLowerInvariant() switch
    {
        "realtime" => "real_time",
        var s => s,
    };

    public static string LevelName(DataLevel l) => l.ToString().ToLowerInvariant();

    public static string SharingName(SharingType s) => s switch
    {
        SharingType.Unconditional => "unconditional",
        SharingType.Conditional => "conditional",
        _ => "not_shared",
    };

}
