# Reference values from the R package plspm for the PLS-PM tests.
#
# Reads acsi_sample.csv (next to this script), fits the ACSI-style model with
# plspm() for the centroid, factorial and path schemes (mode A, scaled = TRUE),
# each with the default tolerance (tol = 1e-6, maxiter = 100) and with a tight
# one (tol = 1e-12, maxiter = 1000), and writes plspm_reference.json.
#
# Run from this directory:  Rscript plspm_reference.R
# Needs the R package plspm. Numbers are written with the shortest "%.{15,16,17}g"
# form that reads back to the identical double, so no precision is lost.

suppressPackageStartupMessages(library(plspm))

acsi <- read.csv("acsi_sample.csv")
stopifnot(nrow(acsi) == 300, ncol(acsi) == 15)

lvs <- c("EXPE", "QUAL", "VAL", "SAT", "COMP", "LOY")
blocks <- list(
  EXPE = c("expe1", "expe2", "expe3"),
  QUAL = c("qual1", "qual2", "qual3"),
  VAL  = c("val1", "val2"),
  SAT  = c("sat1", "sat2", "sat3"),
  COMP = c("comp1", "comp2"),
  LOY  = c("loy1", "loy2")
)

# Inner model: path_matrix[i, j] = 1 when LV j points to LV i (lower triangular).
path_matrix <- matrix(0, 6, 6, dimnames = list(lvs, lvs))
path_matrix["QUAL", "EXPE"] <- 1
path_matrix["VAL", c("EXPE", "QUAL")] <- 1
path_matrix["SAT", c("EXPE", "QUAL", "VAL")] <- 1
path_matrix["COMP", "SAT"] <- 1
path_matrix["LOY", c("SAT", "COMP")] <- 1

modes <- rep("A", 6)

named <- function(values, labels) as.list(setNames(as.numeric(values), labels))

columns <- function(m) {
  # matrix or data frame -> list of columns (each a plain numeric vector)
  m <- as.matrix(m)
  out <- lapply(seq_len(ncol(m)), function(j) as.numeric(m[, j]))
  setNames(out, colnames(m))
}

run_one <- function(scheme, tol, maxiter) {
  res <- plspm(acsi, path_matrix, blocks, modes = modes, scheme = scheme,
               scaled = TRUE, tol = tol, maxiter = maxiter)
  om <- res$outer_model
  mv_names <- as.character(om$name)
  pc <- res$path_coefs
  list(
    scheme = scheme,
    tol = tol,
    maxiter = maxiter,
    iterations = res$model$iter,
    outer_weights = named(om$weight, mv_names),
    loadings = named(om$loading, mv_names),
    # path_coefs[[to]][[from]]: coefficient of LV `from` in the regression of
    # LV `to` (0 where there is no path), i.e. res$path_coefs[to, from].
    path_coefs = setNames(lapply(lvs, function(to) named(pc[to, lvs], lvs)), lvs),
    r2 = named(res$inner_summary[lvs, "R2"], lvs),
    gof = res$gof,
    scores = columns(res$scores[, lvs]),
    rescaled = columns(rescale(res)[, lvs])
  )
}

runs <- list()
for (scheme in c("centroid", "factorial", "path")) {
  runs[[scheme]] <- run_one(scheme, 1e-6, 100)
  runs[[paste0(scheme, "_tight")]] <- run_one(scheme, 1e-12, 1000)
}

reference <- list(
  plspm_version = as.character(packageVersion("plspm")),
  r_version = R.version.string,
  data_file = "acsi_sample.csv",
  n = nrow(acsi),
  lv_order = lvs,
  blocks = blocks,
  path_matrix = setNames(lapply(lvs, function(to) named(path_matrix[to, lvs], lvs)), lvs),
  modes = modes,
  scaled = TRUE,
  runs = runs
)

# ---------------------------------------------------------------------------
# Minimal JSON writer (full double precision; numeric vectors on one line)
# ---------------------------------------------------------------------------
num_to_json <- function(x) {
  stopifnot(all(is.finite(x)))
  out <- sprintf("%.15g", x)
  for (d in c(16, 17)) {
    bad <- as.numeric(out) != x
    out[bad] <- sprintf(paste0("%.", d, "g"), x[bad])
  }
  stopifnot(all(as.numeric(out) == x))
  out
}

str_to_json <- function(x) {
  x <- gsub("\\\\", "\\\\\\\\", x)
  x <- gsub("\"", "\\\\\"", x)
  paste0("\"", x, "\"")
}

to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent + 1)
  if (is.list(x)) {
    if (!is.null(names(x))) {
      items <- vapply(names(x), function(k)
        paste0(pad, str_to_json(k), ": ", to_json(x[[k]], indent + 1)), "")
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n",
                    strrep("  ", indent), "}"))
    }
    items <- vapply(x, function(v) paste0(pad, to_json(v, indent + 1)), "")
    return(paste0("[\n", paste(items, collapse = ",\n"), "\n",
                  strrep("  ", indent), "]"))
  }
  vals <- if (is.logical(x)) ifelse(x, "true", "false")
          else if (is.character(x)) str_to_json(x)
          else num_to_json(as.numeric(x))
  if (length(x) == 1) vals else paste0("[", paste(vals, collapse = ", "), "]")
}

writeLines(to_json(reference), "plspm_reference.json")
