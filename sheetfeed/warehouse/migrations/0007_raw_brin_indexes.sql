-- Entity rows arrive in submission_id order and are never changed (0004), so a BRIN index finds a
-- submission's rows as well as a b-tree does for the lookups made here (one submission, or the newest
-- ones), at almost no cost per row loaded; the b-trees of 0001 added about half again to every COPY.
-- autosummarize lets autovacuum summarise each new block range as it fills.
do $$
declare
    ix record;
begin
    for ix in
        select i.indexrelid::regclass as name, i.indrelid::regclass as tab
        from pg_index i
        join pg_class t on t.oid = i.indrelid
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where t.relnamespace = 'raw'::regnamespace and i.indnatts = 1 and not i.indisunique
          and a.attname = 'submission_id'
    loop
        execute format('drop index %s', ix.name);
        execute format('create index on %s using brin (submission_id) with (autosummarize = on)', ix.tab);
    end loop;
end
$$;
