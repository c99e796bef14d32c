//! The typed gate model: the six gate keys and `gated`, every part with its span, built once from
//! the YAML tree. Rules read this, not the tree, wherever they check gate metadata.
//!
//! Aliases are followed one step and merge keys (`<<`) are applied as js-yaml applies them
//! (earlier keys win), so the model is what the Hub's form is built from.
//!
//! The facts that several rules ask about live here too: the field types, whether a text names a
//! country (`gate/countries.rs`), how YAML 1.1 parsers read a scalar (`gate/yaml11.rs`).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use crate::span::Span;
use crate::yaml::key::property_name;
use crate::yaml::{Document, Entry, Node, Resolved, Value};

mod countries;
mod shown;
mod yaml11;

pub use countries::is_country;
pub use shown::{hidden, is_invisible, short, word, Hidden};
pub use yaml11::{yaml11_reading, Reading};

/// The known gate text keys, which must be strings.
pub const TEXT_KEYS: [&str; 4] = [
    "extra_gated_prompt",
    "extra_gated_heading",
    "extra_gated_description",
    "extra_gated_button_content",
];

pub const FIELDS_KEY: &str = "extra_gated_fields";
pub const EU_KEY: &str = "extra_gated_eu_disallowed";
pub const GATED_KEY: &str = "gated";

/// Every gate key the Hub knows.
pub const GATE_KEYS: [&str; 6] = [
    FIELDS_KEY,
    "extra_gated_prompt",
    "extra_gated_heading",
    "extra_gated_description",
    "extra_gated_button_content",
    EU_KEY,
];

/// Field types, exactly as the Hub spells them.
pub const FIELD_TYPES: [&str; 6] = [
    "text",
    "checkbox",
    "date_picker",
    "country",
    "ip_location",
    "select",
];

/// The field types as a message lists them: `` `text`, `checkbox`, … ``; with `short_form`, only
/// those that `Label: type` takes (all but `select`, which needs the mapping form).
pub fn field_type_list(short_form: bool) -> String {
    let types = FIELD_TYPES
        .iter()
        .filter(|ty| !(short_form && **ty == "select"))
        .map(|ty| format!("`{ty}`"));
    types.collect::<Vec<_>>().join(", ")
}

/// A template placeholder left in as a value or key (`{{ name }}`, as a card template writes
/// one), as written: YAML reads it as a flow mapping whose one key is a flow mapping, both with
/// no value, so the Hub gets `{"[object Object]": null}` and PyYAML an unhashable key. The author
/// meant text. `None` for any other node.
pub fn placeholder<'a>(doc: &Document<'a>, node: &Node) -> Option<&'a str> {
    let [outer] = node.entries()? else {
        return None;
    };
    let [inner] = outer.key.entries()? else {
        return None;
    };
    let bare = |n: &Node| n.tag.is_none() && n.anchor == 0;
    let empty = |n: &Node| bare(n) && n.span.is_empty() && n.resolved() == Some(Resolved::Null);
    let named = bare(&inner.key) && inner.key.style() == Some(crate::yaml::Style::Plain);
    if !(named && bare(node) && bare(&outer.key) && empty(&outer.value) && empty(&inner.value)) {
        return None;
    }
    let written = std::str::from_utf8(doc.source.slice(node.span))
        .ok()?
        .trim();
    written.starts_with("{{").then_some(written)
}

/// The gate metadata of one card.
pub struct Gate<'d, 'a> {
    pub doc: &'d Document<'a>,
    /// Every top-level entry (merge keys applied), in order.
    pub top: Vec<&'d Entry<'a>>,
    /// `extra_gated_fields`, whatever its value.
    pub fields_entry: Option<&'d Entry<'a>>,
    /// The fields, when `extra_gated_fields` is a mapping.
    pub fields: Vec<Field<'d, 'a>>,
    /// The text keys present, with their entries.
    pub texts: Vec<&'d Entry<'a>>,
    pub eu_disallowed: Option<&'d Entry<'a>>,
    pub gated: Option<&'d Entry<'a>>,
    /// The mappings merged into the top level, at their merge keys.
    root_sites: Sites,
}

/// A place where a field's own text (or the top level's) brings in a node written elsewhere: an
/// alias, or a merge key. A finding about that node belongs here, where the author edits, with
/// the node itself as a secondary "defined here" label (see `rules::anchored`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    /// What is brought in: the aliased node, or the merged mapping.
    pub target: Span,
    /// Where the own text brings it in: the alias (`*uses`), or the merge entry (`<<: *base`);
    /// through several, the outermost, which is the one in the own text.
    pub at: Span,
}

/// The [`Site`]s of one field, or of the top level, indexed so that a lookup costs the nesting
/// depth, not the number of sites (a select may alias thousands of anchors).
#[derive(Clone, Debug, Default)]
pub struct Sites {
    /// One site per target (the first recorded), sorted by target start, longest first.
    sorted: Vec<Site>,
    /// For each of `sorted`, the index of the nearest target holding it. Targets are tree
    /// nodes, so two of them are nested or apart.
    parent: Vec<Option<usize>>,
    /// Site by `at`, for [`Sites::at`].
    by_at: HashMap<Span, Site>,
}

impl Sites {
    fn new(mut sites: Vec<Site>) -> Self {
        sites.retain(|s| s.at != s.target);
        let mut by_at = HashMap::new();
        for site in &sites {
            by_at.entry(site.at).or_insert(*site);
        }
        let mut seen = HashSet::new();
        sites.retain(|s| seen.insert(s.target));
        sites.sort_by_key(|s| (s.target.start, std::cmp::Reverse(s.target.end)));
        let mut parent = Vec::with_capacity(sites.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, site) in sites.iter().enumerate() {
            while let Some(&top) = open.last() {
                let holds = sites.get(top).is_some_and(|t| holds(t.target, site.target));
                if holds {
                    break;
                }
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i);
        }
        Sites {
            sorted: sites,
            parent,
            by_at,
        }
    }

    /// The site that brings in the node at `span`: the one with the smallest target holding it.
    /// `None` when the span is written in the own text.
    pub fn locate(&self, span: Span) -> Option<Site> {
        self.locate_by(span, |_| true)
    }

    /// The site that brings in `span`'s node from outside it: the one with the smallest target
    /// holding it that is not the node itself (a node written in place that is anchored, and
    /// aliased elsewhere in the same field, is not brought in by that alias). `None` when the
    /// span is written in the own text.
    pub fn locate_strict(&self, span: Span) -> Option<Site> {
        self.locate_by(span, |site| site.target != span)
    }

    /// The site with the smallest target holding `span` that `keep` accepts.
    fn locate_by(&self, span: Span, keep: impl Fn(&Site) -> bool) -> Option<Site> {
        // The last target starting at or before the span, then outwards.
        let mut at = self
            .sorted
            .partition_point(|s| s.target.start <= span.start)
            .checked_sub(1);
        while let Some(i) = at {
            let site = self.sorted.get(i)?;
            if holds(site.target, span) && keep(site) {
                return Some(*site);
            }
            at = self.parent.get(i).copied().flatten();
        }
        None
    }

    /// The site that is exactly `span` (a rule that points at the alias itself).
    pub fn at(&self, span: Span) -> Option<Site> {
        self.by_at.get(&span).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Site> {
        self.sorted.iter()
    }
}

fn holds(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Aliases and merge keys followed per document while recording sites; past it, findings point
/// at the anchored node itself (never a hang on an alias bomb).
const SITE_BUDGET: usize = 200_000;

/// Records the sites below `node` (already resolved), `depth` levels deep: each alias met (its
/// target, at `outer` or the alias) and each merge key (the merged mapping, at `outer` or the
/// merge entry), following them with `outer` set, so that what a borrowed node borrows is
/// located at the own text's site.
fn record<'d, 'a>(
    doc: &'d Document<'a>,
    node: &'d Node<'a>,
    outer: Option<Span>,
    depth: usize,
    budget: &Cell<usize>,
    sites: &mut Vec<Site>,
) {
    if depth == 0 {
        return;
    }
    match &node.value {
        Value::Seq(items) => {
            for item in items {
                child(doc, item, outer, depth, budget, sites);
            }
        }
        Value::Map(entries) => {
            for entry in entries {
                if entry.key.resolved() == Some(Resolved::Merge) {
                    let at = outer.unwrap_or(entry.key.span.to(entry.value.span));
                    for source in merge_sources(doc, &entry.value) {
                        // A mapping that merges itself (`&a` … `<<: *a`) merges nothing to
                        // js-yaml; following it would recurse without end.
                        if std::ptr::eq(source, node) {
                            continue;
                        }
                        if !take(budget) {
                            return;
                        }
                        sites.push(Site {
                            target: source.span,
                            at,
                        });
                        // Merged entries sit at the level of the mapping's own; one level
                        // less, so that a mapping merging itself ends.
                        record(doc, source, Some(at), depth - 1, budget, sites);
                    }
                } else {
                    child(doc, &entry.key, outer, depth, budget, sites);
                    child(doc, &entry.value, outer, depth, budget, sites);
                }
            }
        }
        _ => {}
    }
}

/// A child of a node being recorded, one level down: an alias is a site.
fn child<'d, 'a>(
    doc: &'d Document<'a>,
    node: &'d Node<'a>,
    outer: Option<Span>,
    depth: usize,
    budget: &Cell<usize>,
    sites: &mut Vec<Site>,
) {
    if !take(budget) {
        return;
    }
    if let Value::Alias(_) = node.value {
        let target = doc.resolve(node);
        if std::ptr::eq(target, node) {
            return;
        }
        let at = outer.unwrap_or(node.span);
        sites.push(Site {
            target: target.span,
            at,
        });
        record(doc, target, Some(at), depth - 1, budget, sites);
    } else {
        record(doc, node, outer, depth - 1, budget, sites);
    }
}

fn take(budget: &Cell<usize>) -> bool {
    let left = budget.get();
    budget.set(left.saturating_sub(1));
    left > 0
}

/// One field of the access form.
pub struct Field<'d, 'a> {
    /// The label key as written: an alias when the label is `*name` (findings point here).
    pub label: &'d Node<'a>,
    /// The label key, aliases followed: what the Hub reads (a rule that checks the label's
    /// value reads this, and points at `label` through the field's sites).
    pub label_value: &'d Node<'a>,
    /// The label as the form shows it (aliases followed).
    pub label_text: &'d str,
    /// The field's value, aliases followed.
    pub spec: &'d Node<'a>,
    pub kind: FieldKind<'d, 'a>,
    /// Where the field's own text brings in nodes written elsewhere: findings about them point
    /// there (see [`Site`]).
    pub sites: Sites,
}

/// A node at one place it is used: as written there (an alias, or the node itself) and what it
/// is (aliases followed).
#[derive(Clone, Copy)]
pub struct Item<'d, 'a> {
    /// The node as written at this place: where a finding about this use points.
    pub written: &'d Node<'a>,
    /// The node itself, aliases followed.
    pub node: &'d Node<'a>,
}

impl<'d, 'a> Item<'d, 'a> {
    pub fn new(doc: &'d Document<'a>, written: &'d Node<'a>) -> Self {
        Item {
            written,
            node: doc.resolve(written),
        }
    }
}

pub enum FieldKind<'d, 'a> {
    /// `Label: checkbox`: the type as a plain string.
    Short { ty: &'d Node<'a>, name: &'d str },
    /// `Label: {type: select, options: [...]}`.
    Full {
        /// The `type` entry.
        ty: &'d Entry<'a>,
        /// The type, when it is a string.
        name: Option<&'d str>,
        /// The `options` entry.
        options: Option<&'d Entry<'a>>,
        /// Every other key of the mapping.
        extra: Vec<&'d Entry<'a>>,
    },
    /// Neither: null, a number, a list, a mapping without `type`, …
    Invalid,
}

impl<'d, 'a> Field<'d, 'a> {
    /// The type name, when there is one.
    pub fn type_name(&self) -> Option<&'d str> {
        match self.kind {
            FieldKind::Short { name, .. } => Some(name),
            FieldKind::Full { name, .. } => name,
            FieldKind::Invalid => None,
        }
    }

    /// True for a `{type: select, …}` field.
    pub fn is_select(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Full {
                name: Some("select"),
                ..
            }
        )
    }

    /// The select options, aliases followed, when `options` is a list.
    pub fn options(&self, doc: &'d Document<'a>) -> Option<Vec<&'d Node<'a>>> {
        let items = self.option_items(doc)?;
        Some(items.into_iter().map(|item| item.node).collect())
    }

    /// The select options, each as written in the list and with aliases followed, when
    /// `options` is a list: a finding about an option reached through an alias points at that
    /// alias (each alias of one anchored option its own finding, see `rules::anchored`).
    pub fn option_items(&self, doc: &'d Document<'a>) -> Option<Vec<Item<'d, 'a>>> {
        let FieldKind::Full {
            options: Some(options),
            ..
        } = self.kind
        else {
            return None;
        };
        items_of(doc, options)
    }

    /// [`Field::option_items`], also for a field mapping without `type` (`tpye: select`, a
    /// misspelt key): its `options` list still reaches the tools that read the card.
    pub fn any_option_items(&self, doc: &'d Document<'a>) -> Option<Vec<Item<'d, 'a>>> {
        match self.kind {
            FieldKind::Invalid => {
                let options = merged_entries(doc, self.spec)
                    .into_iter()
                    .find(|e| e.key.scalar() == Some("options"))?;
                items_of(doc, options)
            }
            _ => self.option_items(doc),
        }
    }
}

/// The items of a list entry's value, as written and with aliases followed.
fn items_of<'d, 'a>(doc: &'d Document<'a>, entry: &'d Entry<'a>) -> Option<Vec<Item<'d, 'a>>> {
    let items = doc.resolve(&entry.value).items()?;
    Some(items.iter().map(|n| Item::new(doc, n)).collect())
}

impl<'d, 'a> Gate<'d, 'a> {
    /// The top-level entry for `key`.
    pub fn get(&self, key: &str) -> Option<&'d Entry<'a>> {
        self.top
            .iter()
            .copied()
            .find(|e| e.key.scalar() == Some(key))
    }

    /// Every `select` field whose `options` is a list, with its options (as written, and
    /// aliases followed).
    pub fn selects(&self) -> impl Iterator<Item = (&Field<'d, 'a>, Vec<Item<'d, 'a>>)> + '_ {
        self.fields
            .iter()
            .filter(|field| field.is_select())
            .filter_map(|field| Some((field, field.option_items(self.doc)?)))
    }

    /// Where a top-level entry's own text brings in nodes written elsewhere: the merge key that
    /// brings the entry in, or the alias that is its value (see [`Site`]).
    pub fn sites_of(&self, entry: &'d Entry<'a>) -> Sites {
        entry_sites(self.doc, &self.root_sites, entry, &Cell::new(SITE_BUDGET))
    }

    /// True when the card has any gate key.
    pub fn has_gate_keys(&self) -> bool {
        self.fields_entry.is_some() || !self.texts.is_empty() || self.eu_disallowed.is_some()
    }
}

/// Builds the model; `None` when the document's top level is not a mapping.
pub fn build<'d, 'a>(doc: &'d Document<'a>) -> Option<Gate<'d, 'a>> {
    let root = doc.resolve(doc.root.as_ref()?);
    root.entries()?;
    let budget = Cell::new(SITE_BUDGET);
    // Entries merged into the top level belong to their merge key.
    let mut root_sites = Vec::new();
    merges(doc, root, None, &budget, &mut root_sites);
    let root_sites = Sites::new(root_sites);
    let top = merged_entries(doc, root);
    let first = |key: &str| top.iter().copied().find(|e| e.key.scalar() == Some(key));
    let fields_entry = first(FIELDS_KEY);
    let fields = fields_entry
        .map(|entry| (entry, doc.resolve(&entry.value)))
        .filter(|(_, node)| node.entries().is_some())
        .map(|(entry, node)| {
            // The fields mapping's own sites: an alias to it, the mappings merged into it.
            let mut sites = entry_site_list(doc, &root_sites, entry, &budget);
            let outer = sites.first().map(|s| s.at);
            merges(doc, node, outer, &budget, &mut sites);
            let sites = Sites::new(sites);
            merged_entries(doc, node)
                .into_iter()
                .map(|entry| field(doc, entry, &sites, &budget))
                .collect()
        })
        .unwrap_or_default();
    let texts = top
        .iter()
        .copied()
        .filter(|e| e.key.scalar().is_some_and(|k| TEXT_KEYS.contains(&k)))
        .collect();
    Some(Gate {
        doc,
        fields_entry,
        fields,
        texts,
        eu_disallowed: first(EU_KEY),
        gated: first(GATED_KEY),
        top,
        root_sites,
    })
}

/// The sites of one top-level entry: the merge key that brings it in, or an alias as its value.
fn entry_sites<'d, 'a>(
    doc: &'d Document<'a>,
    root_sites: &Sites,
    entry: &'d Entry<'a>,
    budget: &Cell<usize>,
) -> Sites {
    Sites::new(entry_site_list(doc, root_sites, entry, budget))
}

/// [`entry_sites`], the outermost first.
fn entry_site_list<'d, 'a>(
    doc: &'d Document<'a>,
    root_sites: &Sites,
    entry: &'d Entry<'a>,
    budget: &Cell<usize>,
) -> Vec<Site> {
    let inherited = root_sites.locate(entry.key.span);
    let mut sites: Vec<Site> = inherited.into_iter().collect();
    child(
        doc,
        &entry.value,
        inherited.map(|s| s.at),
        1,
        budget,
        &mut sites,
    );
    sites
}

/// Records the mappings merged into `node` (and into those, and so on) as sites at its merge
/// entries, or at `outer`.
fn merges<'d, 'a>(
    doc: &'d Document<'a>,
    node: &'d Node<'a>,
    outer: Option<Span>,
    budget: &Cell<usize>,
    sites: &mut Vec<Site>,
) {
    merges_below(doc, node, outer, 8, budget, sites);
}

/// [`merges`], at most `levels` merges deep (as `merged_entries` follows them).
fn merges_below<'d, 'a>(
    doc: &'d Document<'a>,
    node: &'d Node<'a>,
    outer: Option<Span>,
    levels: usize,
    budget: &Cell<usize>,
    sites: &mut Vec<Site>,
) {
    if levels == 0 {
        return;
    }
    for entry in node.entries().unwrap_or_default() {
        if entry.key.resolved() != Some(Resolved::Merge) {
            continue;
        }
        let at = outer.unwrap_or(entry.key.span.to(entry.value.span));
        for source in merge_sources(doc, &entry.value) {
            // A mapping that merges itself merges nothing; following it would not end.
            if std::ptr::eq(source, node) {
                continue;
            }
            if !take(budget) {
                return;
            }
            sites.push(Site {
                target: source.span,
                at,
            });
            merges_below(doc, source, Some(at), levels - 1, budget, sites);
        }
    }
}

fn field<'d, 'a>(
    doc: &'d Document<'a>,
    entry: &'d Entry<'a>,
    top: &Sites,
    budget: &Cell<usize>,
) -> Field<'d, 'a> {
    // A field written inside borrowed text (a merged or aliased fields mapping) is located at
    // the top level's site; what it borrows in turn, there too.
    let inherited = top.locate(entry.key.span);
    let outer = inherited.map(|s| s.at);
    let mut sites: Vec<Site> = inherited.into_iter().collect();
    child(doc, &entry.key, outer, 1, budget, &mut sites);
    child(doc, &entry.value, outer, 4, budget, &mut sites);
    let spec = doc.resolve(&entry.value);
    let kind = match &spec.value {
        Value::Scalar { text, .. } if spec.resolved() == Some(Resolved::Str) => FieldKind::Short {
            ty: spec,
            name: text,
        },
        Value::Map(_) => {
            let entries = merged_entries(doc, spec);
            let ty = entries
                .iter()
                .copied()
                .find(|e| e.key.scalar() == Some("type"));
            match ty {
                Some(ty) => FieldKind::Full {
                    ty,
                    name: doc.resolve(&ty.value).as_str(),
                    options: entries
                        .iter()
                        .copied()
                        .find(|e| e.key.scalar() == Some("options")),
                    extra: entries
                        .iter()
                        .copied()
                        .filter(|e| !matches!(e.key.scalar(), Some("type" | "options")))
                        .collect(),
                },
                None => FieldKind::Invalid,
            }
        }
        _ => FieldKind::Invalid,
    };
    let label_value = doc.resolve(&entry.key);
    Field {
        label: &entry.key,
        label_value,
        label_text: label_value.scalar().unwrap_or(""),
        spec,
        kind,
        sites: Sites::new(sites),
    }
}

/// The nodes a merge key's value (`<<: *base`, `<<: [*a, *b]`) merges, aliases followed: the
/// value itself, or each item of a list, in order. The one walk over merge sources, for the
/// model's entries and sites; the callers bound the depth and skip a mapping that merges itself.
pub fn merge_sources<'d, 'a>(
    doc: &'d Document<'a>,
    value: &'d Node<'a>,
) -> impl Iterator<Item = &'d Node<'a>> + 'd {
    let value = doc.resolve(value);
    let (items, single): (&'d [Node<'a>], Option<&'d Node<'a>>) = match &value.value {
        Value::Seq(items) => (items, None),
        _ => (&[], Some(value)),
    };
    single
        .into_iter()
        .chain(items.iter().map(move |n| doc.resolve(n)))
}

/// A mapping's entries with merge keys applied as js-yaml applies them, in the order of the
/// object js-yaml builds (`storeMappingPair`, `mergeMappings`; before a JavaScript object lists
/// its array-index keys first, which the preview does): a key is inserted where it is first
/// written; a `<<` merge inserts, where the merge key stands, each key of each merged mapping (in
/// that mapping's own order, earlier mappings first) that the object does not have yet; a key
/// written after the merge that names a merged key replaces that entry in its place. Keys are
/// compared as property names (`yaml::key`); a key written twice (js-yaml's `duplicated mapping
/// key`) is kept twice, as written. Bounded: merged mappings are followed at most 8 levels deep.
///
/// A mapping merged from inside itself (`&a` … `<<: *a`, or from a mapping nested in it) is the
/// object js-yaml is still building: it registers the anchor when the mapping starts, and a merge
/// copies the keys stored so far. So such a merge brings in only the entries written before the
/// one that holds the merge key (none, for a mapping that merges itself).
pub fn merged_entries<'d, 'a>(doc: &'d Document<'a>, node: &'d Node<'a>) -> Vec<&'d Entry<'a>> {
    let mut out = Vec::new();
    collect_entries(doc, node, 0, None, &mut out);
    out
}

/// The entries of `node` (merges applied) that js-yaml has stored when it reaches byte `until`
/// (all of them for `None`): those that end before it.
fn collect_entries<'d, 'a>(
    doc: &'d Document<'a>,
    node: &'d Node<'a>,
    depth: usize,
    until: Option<usize>,
    out: &mut Vec<&'d Entry<'a>>,
) {
    let Some(entries) = node.entries() else {
        return;
    };
    let stored =
        |entry: &Entry| until.is_none_or(|at| entry.value.span.end.max(entry.key.span.end) <= at);
    let merges = |entry: &Entry| depth < 8 && entry.key.resolved() == Some(Resolved::Merge);
    // Nearly every mapping merges nothing: its entries as written.
    if !entries.iter().any(|e| stored(e) && merges(e)) {
        out.extend(entries.iter().filter(|e| stored(e)));
        return;
    }
    // Where each key stands in `out`, and whether a merge put it there (a key
    // written after the merge then replaces it in place). A map, not a scan of `out`: merging
    // two big mappings must not be quadratic.
    let mut at: HashMap<Cow<str>, (usize, bool)> = HashMap::new();
    // The same mapping merged twice adds nothing (`<<: [*a, *a]`, or a bomb of them).
    let mut seen: HashSet<*const Node<'a>> = HashSet::new();
    // Past the budget, merges are no longer applied; the entries written still are.
    let mut spent = false;
    for entry in entries.iter().filter(|e| stored(e)) {
        if merges(entry) {
            let key_at = entry.key.span.start;
            for source in merge_sources(doc, &entry.value) {
                if spent || !seen.insert(source) {
                    continue;
                }
                if !spend(doc, 1) {
                    spent = true;
                    continue;
                }
                let building = source.span.start <= key_at && key_at < source.span.end;
                let mut inner = Vec::new();
                collect_entries(
                    doc,
                    source,
                    depth + 1,
                    building.then_some(key_at),
                    &mut inner,
                );
                if !spend(doc, inner.len()) {
                    spent = true;
                    continue;
                }
                for merged in inner {
                    let key = property_name(doc, &merged.key);
                    if let std::collections::hash_map::Entry::Vacant(slot) = at.entry(key) {
                        slot.insert((out.len(), true));
                        out.push(merged);
                    }
                }
            }
            continue;
        }
        let key = property_name(doc, &entry.key);
        match at.get(&key).copied() {
            Some((index, true)) => {
                if let Some(slot) = out.get_mut(index) {
                    *slot = entry;
                }
                at.insert(key, (index, false));
            }
            Some((_, false)) => out.push(entry),
            None => {
                at.insert(key, (out.len(), false));
                out.push(entry);
            }
        }
    }
}

/// Takes `work` from the document's merge budget; false (and nothing left) when it runs out.
fn spend(doc: &Document, work: usize) -> bool {
    let left = doc.merge_budget.get();
    doc.merge_budget.set(left.saturating_sub(work));
    left >= work
}
