-- quality, issue 13: quarantine events are written by quality.change_quarantine alone, the owner's direct
-- inserts included (0030 stopped only its updates and deletes).
drop trigger append_only on quality.quarantine_events;
create trigger written_by_the_function
    before insert or update or delete on quality.quarantine_events
    for each row execute function quality.refuse_direct_quarantine_change();
