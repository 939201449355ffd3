namespace Parley.Protocol.Precis;

// The derived property values of RFC 8264 §8. SpecificClass stands for the pair ID_DIS / FREE_PVAL: disallowed in
// the IdentifierClass and valid in the FreeformClass.
internal enum DerivedProperty : byte
{
    Unknown,
    Pvalid,
    SpecificClass,
    ContextJ,
    ContextO,
    Disallowed,
    Unassigned,
}
