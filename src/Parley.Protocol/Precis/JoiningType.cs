namespace Parley.Protocol.Precis;

// Joining_Type values; the order matches the codes written by generate-unicode-tables.pl.
internal enum JoiningType : byte
{
    NonJoining, DualJoining, RightJoining, LeftJoining, JoinCausing, Transparent,
}
