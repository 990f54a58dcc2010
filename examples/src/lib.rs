//! Examples of real transports driving the codecs (land with their issue).
