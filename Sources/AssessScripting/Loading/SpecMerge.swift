import LuaRuntime

/// Merges an extending instrument's spec onto its base's (`extends = "hlm-360"`).
///
/// Fields the overlay sets replace the base's, except lists of things with ids (`dimensions`,
/// `elements`, `items`, `raters`, `comments`), which merge by id: an entry with a base
/// id updates that entry field by field (and merges its own lists the same way), `remove = true`
/// deletes it, and new ids are appended in order. `extends` and `api` come from the overlay.
enum SpecMerge {
    static let listsById: Set<String> = ["dimensions", "elements", "items", "raters", "comments"]

    static func merge(base: LuaTable, overlay: LuaTable) -> LuaTable {
        var result = base
        result["extends"] = .nil
        for field in overlay.fields {
            guard let key = field.key.stringValue else { continue }
            if listsById.contains(key), case .table(let baseList) = base[key], case .table(let extList) = field.value {
                result[key] = .table(mergeList(baseList, extList))
            } else {
                result[key] = field.value
            }
        }
        return result
    }

    static func mergeList(_ base: LuaTable, _ overlay: LuaTable) -> LuaTable {
        var entries = base.array
        var baseIds: [String: Int] = [:]
        for (index, value) in entries.enumerated() {
            if let id = value.tableValue?["id"].stringValue, baseIds[id] == nil { baseIds[id] = index }
        }
        var removed = Set<Int>()
        var appended: [LuaValue] = []
        for value in overlay.array {
            // Only entries of the base merge; an id the overlay lists twice is kept twice, so
            // validation reports the duplicate instead of one entry silently winning.
            guard case .table(let ext) = value, let id = ext["id"].stringValue, let index = baseIds.removeValue(forKey: id) else {
                appended.append(value)
                continue
            }
            if ext["remove"] == true {
                removed.insert(index)
                continue
            }
            guard case .table(let original) = entries[index] else { continue }
            var merged = original
            for field in ext.fields {
                guard let key = field.key.stringValue else { continue }
                if listsById.contains(key), case .table(let b) = original[key], case .table(let e) = field.value {
                    merged[key] = .table(mergeList(b, e))
                } else {
                    merged[key] = field.value
                }
            }
            entries[index] = .table(merged)
        }
        let kept = entries.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        return LuaTable(array: kept + appended)
    }
}
