// libxml2's push parser with SAX2 callbacks, for scanner reports (VigilScans/XMLStream.swift), and
// its HTML parser, for monitored web pages (VigilPages/PageReader.swift).
//
// Debian's libxml2 is built with ICU, and its encoding header then includes the system's ICU
// headers, which clash with the ICU that Foundation carries. Vigil uses no encoding-handler
// structure, so the ICU parts are left out of the declarations it sees.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/HTMLparser.h>
