using Microsoft.CodeAnalysis;

namespace KernelConnector.Generators.Validation;

/// <summary>What keeps a handler class, or one of its callbacks, from being generated for.</summary>
internal enum HandlerProblemKind
{
    /// <summary>The class is static, generic or not a class: the generator cannot add its instance members.</summary>
    ClassShape,

    /// <summary>The class, or a type that contains it, is not <c>partial</c>.</summary>
    NotPartial,

    /// <summary>The class declares a member the generator adds.</summary>
    MemberClash,

    /// <summary>A callback is not <c>void M(in ReceivedConnectorMessage&lt;T&gt;)</c> of a message type.</summary>
    WrongSignature,

    /// <summary>A callback handles a message declared <c>SendOnly</c>, which is never received.</summary>
    SendOnlyMessage,

    /// <summary>A second callback of the class handles a message that already has one.</summary>
    DuplicateCallback,
}

/// <summary>One problem of a handler class, with what the analyzers need to report it.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Class">The handler class's name.</param>
/// <param name="Method">The callback it concerns, or <see langword="null"/> for the whole class.</param>
/// <param name="Other">What the problem involves besides: the type that is not partial, the clashing member, the send-only message, the first callback of a duplicate.</param>
/// <param name="Detail">The message type of a duplicate, or what the class is instead of a non-static, non-generic class.</param>
/// <param name="Location">Where to report it.</param>
internal readonly record struct HandlerProblem(HandlerProblemKind Kind, string Class, string? Method, string Other, string Detail, Location? Location);
