namespace Parley.Protocol;

// The outcome of enforcing the rules of one JID part. Unchanged lets the parser keep the caller's string: parsing an
// already-normalized JID then allocates only the Jid itself.
internal enum JidPartStatus : byte
{
    Invalid,
    Unchanged,
    Changed,
}
