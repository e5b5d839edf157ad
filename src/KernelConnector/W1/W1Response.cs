using System.Collections.Generic;

namespace KernelConnector.W1;

/// <summary>
/// The kernel's answer to one master or slave message: a message-level <paramref name="Status"/>
/// (non-zero when the master or slave does not exist, or the message was refused), and one result
/// per command it ran, in order. A slave that does not answer the reset fails its first command
/// with <see cref="W1Status.NoDevice"/> and the others are not run.
/// </summary>
public sealed record W1Response(int Status, IReadOnlyList<W1CommandResult> Commands);
