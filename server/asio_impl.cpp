// Compiles Asio (with its OpenSSL layer) and Beast once for the whole program
// (BOOST_ASIO_SEPARATE_COMPILATION), so the files that use them rebuild in seconds rather than
// recompiling the libraries each time.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
