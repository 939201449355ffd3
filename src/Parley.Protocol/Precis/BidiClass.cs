namespace Parley.Protocol.Precis;

// Bidi_Class values (UAX #9); the order matches the codes written by generate-unicode-tables.pl.
internal enum BidiClass : byte
{
    L, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON, LRE, LRO, RLE, RLO, PDF, LRI, RLI, FSI, PDI,
}
